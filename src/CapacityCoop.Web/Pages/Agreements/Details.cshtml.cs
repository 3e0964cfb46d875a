using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Agreements;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Infrastructure;
using CapacityCoop.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CapacityCoop.Web.Pages.Agreements;

/// <summary>
/// One agreement: the facts, parties, sectors, umbrella, what its projects have delivered, sources as citations,
/// a ready-made citation of the record itself and its recent history. Archived agreements stay readable here
/// (links and citations must not break); an unknown id is a 404 page.
/// </summary>
public sealed class DetailsModel(AgreementQuery agreements, PortalDbContext db, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>How many history entries the page shows; the JSON history has them all.</summary>
    public const int HistoryShown = 10;

    public long Id { get; private set; }

    /// <summary>Null when there is no agreement with this id: the page shows its not-found text with status 404.</summary>
    public AgreementDetailDto? Agreement { get; private set; }

    public AgreementDeliveryDto Delivery { get; private set; } = null!;

    /// <summary>The latest changes, newest first.</summary>
    public IReadOnlyList<AuditEntryDto> History { get; private set; } = [];

    public int HistoryCount { get; private set; }

    public string BackUrl { get; private set; } = "/agreements";

    public async Task OnGetAsync(long id, CancellationToken cancellationToken)
    {
        Id = id;
        Agreement = await agreements.DetailAsync(id, cancellationToken);
        var delivery = Agreement is null ? null : await agreements.DeliveryAsync(id, cancellationToken);
        if (Agreement is null || delivery is null)
        {
            Agreement = null;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Delivery = delivery;
        var history = await AuditLog.HistoryAsync(db, AgreementEditor.EntityType, id, cancellationToken);
        HistoryCount = history.Count;
        History = history.Reverse().Take(HistoryShown).ToList();
        BackUrl = BackToSearch(Request);
    }

    public string Title => PortalLocalization.Pick(Agreement!.Title, Agreement.TitleZh);

    /// <summary>The title in the other language, when the record has both (shown under the heading with its lang).</summary>
    public (string Text, string Lang)? OtherTitle => string.IsNullOrWhiteSpace(Agreement!.TitleZh)
        ? null
        : PortalLocalization.IsChinese ? (Agreement.Title, PortalLocalization.English) : (Agreement.TitleZh, PortalLocalization.Chinese);

    /// <summary>
    /// The record's free texts (summary, notes, sources) exist only in English: on the Chinese pages they carry
    /// lang="en" so that screen readers and fonts treat them as English. Null (no attribute) on English pages.
    /// </summary>
    public string? RecordLang => PortalLocalization.IsChinese ? PortalLocalization.English : null;

    /// <summary>lang="en" for a name shown in English on a Chinese page because it has no Chinese form.</summary>
    public string? LangOf(string? chinese) => string.IsNullOrWhiteSpace(chinese) ? RecordLang : null;

    public string StableUrl => Request.PublicUrl($"/agreements/{Id}");

    /// <summary>A plain-text citation of this version of the record.</summary>
    public string Citation => text[
        "CapacityCoop ({0}). \"{1}\". Agreement {2}, version of {3}. {4}",
        Agreement!.UpdatedAt.UtcDateTime.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Title,
        Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Formats.Day(Agreement.UpdatedAt),
        StableUrl];

    /// <summary>
    /// A month span as honest text: exact when both dates are known to the day, "about" and the precision otherwise
    /// ("about 8 months (month precision)"), "unknown" when a date is missing.
    /// </summary>
    public string Duration(MonthSpan? span)
    {
        if (span is not { } s)
        {
            return text["unknown"];
        }

        var months = Math.Abs(s.Months);
        string amount = (s.Precision, months) switch
        {
            (DatePrecision.Day, 0) => text["less than a month"],
            (DatePrecision.Month, 0) => text["in the same month"],
            (DatePrecision.Year, 0) => text["in the same year"],
            (DatePrecision.Day, 1) => text["1 month"],
            (DatePrecision.Day, _) => text["{0} months", months],
            (_, 1) => text["about 1 month"],
            _ => text["about {0} months", months],
        };
        if (s.Months < 0)
        {
            amount = text["{0} before signing", amount];
        }

        return s.Precision switch
        {
            DatePrecision.Day => amount,
            DatePrecision.Month => text["{0} (month precision)", amount],
            _ when s.MinMonths >= 0 => text["{0} (year precision: {1}–{2} months)", amount, s.MinMonths, s.MaxMonths],
            _ => text["{0} (year precision)", amount],
        };
    }

    /// <summary>An amount in its currency with the US-dollar figure beside it when it is not already in dollars.</summary>
    public string MoneyText(MoneyDto? money)
    {
        if (money is null)
        {
            return text["unknown"];
        }

        var original = Formats.Money(money.Amount, money.Currency);
        return money.Usd is { } usd && money.Currency != "USD" ? $"{original} ({Formats.Usd(usd)})" : original;
    }

    /// <summary>Back to the search the reader came from (same site, /agreements with its filters), else to a fresh search.</summary>
    private static string BackToSearch(HttpRequest request)
    {
        if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referrer)
            && referrer.Scheme is "http" or "https"
            && string.Equals(referrer.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && referrer.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80))
            && string.Equals(referrer.AbsolutePath, $"{request.PathBase}/agreements", StringComparison.OrdinalIgnoreCase)
            && referrer.Query.Length > 1)
        {
            return $"/agreements{referrer.Query}";
        }

        return "/agreements";
    }
}
