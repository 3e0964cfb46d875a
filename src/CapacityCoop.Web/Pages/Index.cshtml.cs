using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Pages;

public sealed class IndexModel(PortalDbContext db) : PageModel
{
    public HeadlineFigures Figures { get; private set; } = new(0, 0, 0, 0);

    public IReadOnlyList<LatestAgreement> Latest { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var live = db.Agreements.AsNoTracking().Where(a => a.ArchivedAt == null);
        Figures = new HeadlineFigures(
            Agreements: await live.CountAsync(cancellationToken),
            ValueUsd: await live.Where(a => a.CountsTowardTotals).SumAsync(a => a.ValueUsd ?? 0, cancellationToken),
            Projects: await db.Projects.AsNoTracking().CountAsync(p => p.ArchivedAt == null, cancellationToken),
            PartnerCountries: await db.AgreementParties.AsNoTracking()
                .Where(p => p.CountryIso3 != null && p.CountryIso3 != "CHN" && p.Agreement!.ArchivedAt == null)
                .Select(p => p.CountryIso3).Distinct().CountAsync(cancellationToken));

        Latest = await live
            .OrderByDescending(a => a.SignedOn != null).ThenByDescending(a => a.SignedOn).ThenBy(a => a.Id)
            .Take(20)
            .Select(a => new LatestAgreement(
                a.Id,
                a.Title,
                a.Kind,
                a.Status,
                a.SignedOn,
                a.SignedOnPrecision,
                a.ValueUsd,
                a.CountsTowardTotals,
                a.Parties.OrderBy(p => p.Position)
                    .Select(p => p.Country != null ? p.Country.NameEn : p.Bloc != null ? p.Bloc.NameEn : p.Organisation!.Name)
                    .ToList(),
                a.Sources.Select(s => s.Source!.Title).ToList()))
            .ToListAsync(cancellationToken);
    }

    public sealed record HeadlineFigures(int Agreements, decimal ValueUsd, int Projects, int PartnerCountries);

    public sealed record LatestAgreement(
        long Id,
        string Title,
        string Kind,
        string Status,
        DateOnly? SignedOn,
        DatePrecision? Precision,
        decimal? ValueUsd,
        bool CountsTowardTotals,
        IReadOnlyList<string> Parties,
        IReadOnlyList<string> Sources)
    {
        public string SignedText => SignedOn is { } d && Precision is { } p ? new PartialDate(d, p).ToString() : "—";
    }
}
