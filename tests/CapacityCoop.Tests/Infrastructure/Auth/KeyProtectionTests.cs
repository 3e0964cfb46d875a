using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Tests.Infrastructure.Auth;

/// <summary>
/// The data-protection keys in the database are encrypted with the certificate from DataProtection:CertificatePath:
/// instances sharing the certificate read each other's cookies, one without it cannot, and Production will not start
/// without one.
/// </summary>
public sealed class KeyProtectionTests : IAsyncLifetime
{
    private readonly DatabaseFixture database = new();
    private readonly string folder = Directory.CreateTempSubdirectory("cc-dp-").FullName;

    public Task InitializeAsync() => database.InitializeAsync();

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Stored_keys_hold_no_plaintext_master_key_and_an_instance_with_the_same_certificate_reads_the_cookie()
    {
        var certificate = CreateCertificate("shared.pfx", "a password 1");
        await using var first = Instance(certificate, "a password 1");
        await using var second = Instance(certificate, "a password 1");

        var (_, cookie) = await SignInSessionTests.SignInCapturingCookieAsync(first, "protected@example.org", PortalRoles.Editor);

        (await SignInSessionTests.WhoAmIAsync(second, cookie)).ShouldBe("protected@example.org");
        var keys = await database.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(xml => xml.Contains("encryptedSecret") && !xml.Contains("masterKey"));
    }

    [Fact]
    public async Task An_instance_with_another_certificate_cannot_read_the_cookie()
    {
        await using var first = Instance(CreateCertificate("first.pfx", "first 1"), "first 1");
        await using var stranger = Instance(CreateCertificate("other.pfx", "other 1"), "other 1");

        var (_, cookie) = await SignInSessionTests.SignInCapturingCookieAsync(first, "unreadable@example.org", PortalRoles.Editor);

        (await SignInSessionTests.WhoAmIAsync(first, cookie)).ShouldBe("unreadable@example.org");
        (await SignInSessionTests.WhoAmIAsync(stranger, cookie)).ShouldBeNull();
    }

    [Fact]
    public void Production_refuses_to_start_without_a_certificate_and_says_what_to_set()
    {
        using var production = new PortalAppFactory(database.ConnectionString, settings: new Dictionary<string, string?> { ["environment"] = "Production" });

        var refusal = Should.Throw<Exception>(() => production.CreateClient());

        Flatten(refusal).ShouldContain("DataProtection:CertificatePath");
    }

    [Fact]
    public void A_wrong_certificate_password_stops_the_start_with_a_message_naming_the_setting()
    {
        var certificate = CreateCertificate("guarded.pfx", "right 1");
        using var app = Instance(certificate, "wrong 1");

        var refusal = Should.Throw<Exception>(() => app.CreateClient());

        Flatten(refusal).ShouldContain("DataProtection:CertificatePassword");
    }

    private PortalAppFactory Instance(string certificatePath, string password) =>
        new(database.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = certificatePath,
            ["DataProtection:CertificatePassword"] = password,
        });

    private string CreateCertificate(string name, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=CapacityCoop test key protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " / " + Flatten(e.InnerException);
}
