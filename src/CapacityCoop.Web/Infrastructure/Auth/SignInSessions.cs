using System.Security.Claims;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure.Auth;

public sealed class SignInSessionOptions
{
    /// <summary>Configuration key of <see cref="AbsoluteLifetime"/>.</summary>
    public const string AbsoluteLifetimeSetting = "Auth:SessionAbsoluteLifetime";

    public static readonly TimeSpan DefaultAbsoluteLifetime = TimeSpan.FromHours(12);

    /// <summary>How long a sign-in lasts at most, however active its user: then they sign in again.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = DefaultAbsoluteLifetime;
}

/// <summary>
/// Server-side staff sessions (see <see cref="SignInSession"/>). Every request that carries a staff cookie checks its
/// session here with one primary-key lookup, so a sign-out or a revocation on any instance holds on every instance at
/// the next request; staff traffic is small enough that no cache is worth its staleness.
/// </summary>
public sealed class SignInSessions(PortalDbContext db, TimeProvider time, IOptions<SignInSessionOptions> options)
{
    /// <summary>The claim in the sign-in cookie that names its session.</summary>
    public const string ClaimType = "cc:sid";

    public static Guid? IdOf(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirst(ClaimType)?.Value, out var id) ? id : null;

    /// <summary>Records a new session for <paramref name="userId"/> and returns the claim that names it.</summary>
    public async Task<Claim> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();

        // Ended sessions are of no further use; clearing the account's own keeps the table at its live sessions.
        await db.SignInSessions.Where(s => s.UserId == userId && (s.ExpiresAt <= now || s.RevokedAt != null)).ExecuteDeleteAsync(cancellationToken);
        var session = new SignInSession { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now, ExpiresAt = now + options.Value.AbsoluteLifetime };
        db.SignInSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(session).State = EntityState.Detached;
        return new Claim(ClaimType, session.Id.ToString());
    }

    /// <summary>True while the session named in <paramref name="principal"/> belongs to its user, is not revoked and has not expired.</summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal principal, string? userId, CancellationToken cancellationToken = default)
    {
        if (IdOf(principal) is not { } id || userId is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        return await db.SignInSessions.AnyAsync(s => s.Id == id && s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
    }

    public Task RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return db.SignInSessions.Where(s => s.Id == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    /// <summary>Ends every session of <paramref name="userId"/>, except <paramref name="keep"/> (the caller's own, when it changes its password).</summary>
    public Task RevokeAllAsync(string userId, Guid? keep = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return db.SignInSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }
}
