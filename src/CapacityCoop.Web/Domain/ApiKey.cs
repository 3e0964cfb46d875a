namespace CapacityCoop.Web.Domain;

/// <summary>
/// A key for the API. Only the SHA-256 hash of the key is stored: the key itself is shown once, when it is
/// created. The prefix (the key's first characters) is kept so that people can tell their keys apart in lists.
/// </summary>
public sealed class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key, as 64 lowercase hex digits.</summary>
    public required string Hash { get; set; }

    public required string[] Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}

/// <summary>What an API key may do. Any valid key may read; writing needs <see cref="Write"/>.</summary>
public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";

    public static readonly IReadOnlyList<string> All = [Read, Write];
}
