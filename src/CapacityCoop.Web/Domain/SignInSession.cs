namespace CapacityCoop.Web.Domain;

/// <summary>
/// One staff sign-in, named by the session id claim in its cookie. A cookie is honoured only while its row is neither
/// revoked (sign-out, account disabled, password reset, demotion) nor past <see cref="ExpiresAt"/>, so ending a session
/// does not depend on the browser throwing its cookie away.
/// </summary>
public sealed class SignInSession
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The absolute end: sliding renewal of the cookie never moves it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
