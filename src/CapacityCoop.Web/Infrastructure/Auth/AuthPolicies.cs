namespace CapacityCoop.Web.Infrastructure.Auth;

public static class AuthPolicies
{
    public const string Read = "api-read";
    public const string Write = "api-write";
}
