using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace CapacityCoop.Web.Infrastructure.Localization;

/// <summary>
/// English and Chinese. The language comes from the query (?culture=zh-CN), then the cookie the language switch sets,
/// then the browser's Accept-Language; English when none of them says. Texts live in Resources/SharedResource.*.resx,
/// keyed by their English wording, so English needs no resource file.
/// </summary>
public static class PortalLocalization
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static readonly IReadOnlyList<string> Cultures = [English, Chinese];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");

        // Chinese text (and dashes, accents) goes out as UTF-8 rather than as &#x...; entities: a third of the bytes,
        // and readable source. Characters that mean something in HTML are still encoded.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(English);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>The English or Chinese form of a name, by the current language.</summary>
    public static string Pick(string english, string? chinese) => IsChinese && !string.IsNullOrWhiteSpace(chinese) ? chinese : english;
}
