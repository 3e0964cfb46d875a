using System.Globalization;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Infrastructure.Localization;

namespace CapacityCoop.Web;

/// <summary>How figures read on the pages, in the current language.</summary>
public static class Formats
{
    /// <summary>"US$23.6 bn" / "US$400 m" in English; "236亿美元" / "4亿美元" in Chinese.</summary>
    public static string Usd(decimal usd)
    {
        var culture = CultureInfo.CurrentCulture;
        if (PortalLocalization.IsChinese)
        {
            return usd switch
            {
                >= 100_000_000m => $"{(usd / 100_000_000m).ToString("#,0.##", culture)}亿美元",
                >= 10_000m => $"{(usd / 10_000m).ToString("#,0.##", culture)}万美元",
                _ => $"{usd.ToString("#,0", culture)}美元",
            };
        }

        return usd switch
        {
            >= 1_000_000_000m => $"US${(usd / 1_000_000_000m).ToString("#,0.##", culture)} bn",
            >= 1_000_000m => $"US${(usd / 1_000_000m).ToString("#,0.##", culture)} m",
            _ => $"US${usd.ToString("#,0", culture)}",
        };
    }

    /// <summary>Kept for the home page's wording; same as <see cref="Usd"/>.</summary>
    public static string UsdBillions(decimal usd) => Usd(usd);

    public static string Money(decimal amount, string currency) => $"{amount.ToString("#,0.##", CultureInfo.CurrentCulture)} {currency}";

    /// <summary>A production capacity with its unit: "3.5 Mt/yr", "1,100 MW".</summary>
    public static string Capacity(decimal value, string unit) => $"{value.ToString("#,0.####", CultureInfo.CurrentCulture)} {unit}";

    /// <summary>A stored partial date as the reader expects it: "December 2014", "27 March 2015", "2016" (or 2014年12月 ...).</summary>
    public static string Date(string? isoPartial)
    {
        if (isoPartial is null || !PartialDate.TryParse(isoPartial, out var date))
        {
            return "—";
        }

        var culture = CultureInfo.CurrentCulture;
        return (date.Precision, PortalLocalization.IsChinese) switch
        {
            (DatePrecision.Year, true) => $"{date.Date.Year}年",
            (DatePrecision.Month, true) => $"{date.Date.Year}年{date.Date.Month}月",
            (DatePrecision.Day, true) => $"{date.Date.Year}年{date.Date.Month}月{date.Date.Day}日",
            (DatePrecision.Year, false) => date.Date.Year.ToString(culture),
            (DatePrecision.Month, false) => date.Date.ToString("MMMM yyyy", culture),
            _ => date.Date.ToString("d MMMM yyyy", culture),
        };
    }

    /// <summary>The calendar day of an instant (in UTC) as <see cref="Date"/> writes it: "23 November 2026" / 2026年11月23日.</summary>
    public static string Day(DateTimeOffset instant) => Date(PartialDate.Day(instant.UtcDateTime.Year, instant.UtcDateTime.Month, instant.UtcDateTime.Day).ToString());

    /// <summary>An instant to the minute, in UTC: "23 November 2026, 14:05 UTC" / 2026年11月23日 14:05 UTC.</summary>
    public static string Instant(DateTimeOffset instant) =>
        $"{Day(instant)}{(PortalLocalization.IsChinese ? " " : ", ")}{instant.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC";

    public static string Count(int value) => value.ToString("#,0", CultureInfo.CurrentCulture);
}
