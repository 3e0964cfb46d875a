using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CapacityCoop.BrowserTests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a real port, a copy of the seeded test database) and Debian's Chromium driven by
/// Playwright. Playwright never downloads a browser here: it launches /usr/bin/chromium.
/// </summary>
public class BrowserFixture : DatabaseFixture
{
    /// <summary>Debian's Chromium; CAPACITYCOOP_CHROMIUM points elsewhere (GitHub's Ubuntu runners ship Google Chrome).</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("CAPACITYCOOP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private PortalAppFactory? app;
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Configuration the app starts with, beside the test database (none by default).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        app = new PortalAppFactory(ConnectionString, settings: Settings);
        app.UseKestrel(0);
        app.StartServer();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>The running app's services (accounts, the database context) for setting up and checking what a test does.</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>A fresh browser context (own cookies) with downloads allowed; <paramref name="javaScriptEnabled"/> false browses as without scripts.</summary>
    public async Task<IPage> NewPageAsync(string? locale = null, bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            AcceptDownloads = true,
            JavaScriptEnabled = javaScriptEnabled,
            Locale = locale ?? "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // Generous: CI runs the whole suite on two cores.
        context.SetDefaultTimeout(30_000);
        SetDefaultExpectTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Creates (or resets) a staff account in <paramref name="role"/> through the app's own service and returns its one-time password.</summary>
    public async Task<string> CreateStaffAccountAsync(string email, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<StaffAccounts>().CreateOrResetAsync(email, role)).Password;
    }

    /// <summary>A new browser context in which <paramref name="email"/> (created in <paramref name="role"/>) has signed in through the login form.</summary>
    public async Task<IPage> SignInAsync(string email, string role, bool javaScriptEnabled = true)
    {
        var password = await CreateStaffAccountAsync(email, role);
        var page = await NewPageAsync(javaScriptEnabled: javaScriptEnabled);
        await page.GotoAsync("/Account/Login?ReturnUrl=%2FManage");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Locator("main form[method=post] button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/Manage");
        await Expect(page.Locator("[data-testid=staff-link]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Saves a full-page screenshot under artifacts/screenshots/ (kept by CI as a test artifact).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CapacityCoop.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

/// <summary>The app with four-eyes on: whoever started or last edited a draft may not publish it.</summary>
public sealed class FourEyesBrowserFixture : BrowserFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Staff:RequireSecondEditor"] = "true" };
}
