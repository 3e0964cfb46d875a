using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace CapacityCoop.Web.Infrastructure.Auth;

/// <summary>Settings under "DataProtection": the certificate that encrypts the data-protection keys in the database.</summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file holding an RSA certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Lets Production start with unencrypted keys: for an install that protects the database by other means.</summary>
    public bool AllowUnprotectedKeys { get; set; }
}

/// <summary>
/// The data-protection keys (which sign the staff cookie and antiforgery tokens) live in PostgreSQL so every instance
/// shares them (<see cref="DatabaseXmlRepository"/>). Stored as they are, anyone who can read that table can forge an
/// Admin's cookie; encrypted with a certificate they are useless without the certificate's private key, which lives
/// on the web servers and never in the database. Production refuses to start without one unless
/// <see cref="KeyProtectionOptions.AllowUnprotectedKeys"/> says otherwise.
/// </summary>
public static class KeyProtection
{
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(KeyProtectionOptions.Section);
        var settings = section.Get<KeyProtectionOptions>() ?? new KeyProtectionOptions();
        var protection = services.AddDataProtection().SetApplicationName("CapacityCoop");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceScopeFactory>((options, scopes) => options.XmlRepository = new DatabaseXmlRepository(scopes));
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            // Loaded now, so a wrong path or password stops the start instead of the first sign-in.
            protection.ProtectKeysWithCertificate(LoadCertificate(settings.CertificatePath, settings.CertificatePassword));
        }

        services.AddOptions<KeyProtectionOptions>()
            .Bind(section)
            .Validate<IHostEnvironment>(
                (options, environment) => !environment.IsProduction() || !string.IsNullOrWhiteSpace(options.CertificatePath) || options.AllowUnprotectedKeys,
                $"In Production the data-protection keys must be encrypted: set {KeyProtectionOptions.Section}:CertificatePath (a .pfx file) and " +
                $"{KeyProtectionOptions.Section}:CertificatePassword, or {KeyProtectionOptions.Section}:AllowUnprotectedKeys=true to run without " +
                "(anyone who can read the database could then forge a staff sign-in). scripts/run.sh makes a certificate under .local/.")
            .ValidateOnStart();
        return services;
    }

    public static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{KeyProtectionOptions.Section}:CertificatePath is \"{path}\", which is not a file.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"{KeyProtectionOptions.Section}:CertificatePath \"{path}\" could not be read as a .pfx with the configured {KeyProtectionOptions.Section}:CertificatePassword: {e.Message}", e);
        }

        using var key = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        if (key is null)
        {
            throw new InvalidOperationException(
                $"{KeyProtectionOptions.Section}:CertificatePath \"{path}\" must hold an RSA certificate with its private key: without it the keys cannot be decrypted.");
        }

        return certificate;
    }
}
