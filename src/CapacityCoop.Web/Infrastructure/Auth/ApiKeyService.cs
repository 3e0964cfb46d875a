using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>The key returned by <see cref="ApiKeyService.CreateAsync"/>: the only time the plain key exists.</summary>
public sealed record CreatedApiKey(ApiKey Entity, string Key);

public enum RevokeResult
{
    Revoked,
    AlreadyRevoked,
    NotFound,
}

/// <summary>
/// Creates, finds and revokes API keys. A key is "cc_" followed by 32 random bytes in base64url; the database
/// holds only its SHA-256 hash (a key has 256 bits of entropy, so a fast unsalted hash is enough) and its prefix.
/// </summary>
public sealed class ApiKeyService(PortalDbContext db, TimeProvider time)
{
    public const string KeyPrefix = "cc_";
    public const int PrefixLength = 12;
    public const int NameMaxLength = 100;
    public const int CreatedByMaxLength = 200;

    /// <summary>How stale LastUsedAt may get: without this, every authenticated read would also be a write.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int KeyBytes = 32;
    private static readonly int KeyLength = KeyPrefix.Length + Base64Url.GetEncodedLength(KeyBytes);

    public async Task<CreatedApiKey> CreateAsync(
        string name, IEnumerable<string> scopes, string createdBy, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > NameMaxLength)
        {
            throw new ArgumentException($"The key's name must be 1 to {NameMaxLength} characters.");
        }

        var key = GenerateKey();
        var entity = new ApiKey
        {
            Name = name,
            Prefix = key[..PrefixLength],
            Hash = Hash(key),
            Scopes = NormaliseScopes(scopes),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy.Length > CreatedByMaxLength ? createdBy[..CreatedByMaxLength] : createdBy,
        };
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(entity, key);
    }

    public async Task<RevokeResult> RevokeAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var revoked = await db.ApiKeys
            .Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        if (revoked > 0)
        {
            return RevokeResult.Revoked;
        }

        return await db.ApiKeys.AnyAsync(k => k.Id == id, cancellationToken) ? RevokeResult.AlreadyRevoked : RevokeResult.NotFound;
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);

    public Task<ApiKey?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);

    /// <summary>The unrevoked key whose hash matches <paramref name="presentedKey"/>, or null.</summary>
    public async Task<ApiKey?> FindActiveAsync(string presentedKey, CancellationToken cancellationToken = default)
    {
        // Malformed keys never reach the database.
        if (!LooksLikeKey(presentedKey))
        {
            return null;
        }

        var hash = Hash(presentedKey);
        return await db.ApiKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
    }

    /// <summary>Sets LastUsedAt to now, unless it was set less than <see cref="LastUsedResolution"/> ago.</summary>
    public async Task RecordUseAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var threshold = now - LastUsedResolution;
        if (key.LastUsedAt is { } lastUsed && lastUsed > threshold)
        {
            return;
        }

        // The condition is repeated in SQL so that concurrent requests with the same key write once.
        await db.ApiKeys
            .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= threshold))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        key.LastUsedAt = now;
    }

    /// <summary>Parses "read,write" (the command-line form); throws ArgumentException on an unknown scope.</summary>
    public static string[] ParseScopes(string scopes) =>
        NormaliseScopes(scopes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    public static string[] NormaliseScopes(IEnumerable<string> scopes)
    {
        var requested = scopes.Select(s => s.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var unknown = requested.Except(ApiKeyScopes.All, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"Unknown scope(s): {string.Join(", ", unknown)}. Allowed: {string.Join(", ", ApiKeyScopes.All)}.");
        }

        if (requested.Count == 0)
        {
            throw new ArgumentException($"A key needs at least one scope ({string.Join(", ", ApiKeyScopes.All)}).");
        }

        return ApiKeyScopes.All.Where(requested.Contains).ToArray();
    }

    public static string GenerateKey() => KeyPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool LooksLikeKey(string key) =>
        key.Length == KeyLength
        && key.StartsWith(KeyPrefix, StringComparison.Ordinal)
        && Base64Url.IsValid(key.AsSpan(KeyPrefix.Length));
}
