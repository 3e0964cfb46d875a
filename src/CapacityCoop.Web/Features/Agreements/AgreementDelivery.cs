using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Agreements;

public sealed partial class AgreementQuery
{
    /// <summary>
    /// Promise to delivery for one agreement (archived or not), in one query: its signing date and value, and the live
    /// projects that implement it. Null when there is no agreement with that id. Totals and month spans are worked
    /// out here, from the projected rows, so the page only formats them.
    /// </summary>
    public async Task<AgreementDeliveryDto?> DeliveryAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = await db.Agreements.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new DeliveryRow(
                a.SignedOn,
                a.SignedOnPrecision,
                a.ValueAmount,
                a.ValueCurrency,
                a.ValueUsd,
                a.Projects.Where(p => p.Project!.ArchivedAt == null)
                    .OrderBy(p => p.Project!.Name).ThenBy(p => p.ProjectId)
                    .Select(p => new DeliveryProjectRow(
                        p.ProjectId,
                        p.Project!.Name,
                        p.Project.NameZh,
                        p.Project.HostCountryIso3,
                        p.Project.HostCountry!.NameEn,
                        p.Project.HostCountry.NameZh,
                        p.Project.Status,
                        p.Project.InvestmentAmount,
                        p.Project.InvestmentCurrency,
                        p.Project.InvestmentUsd,
                        p.Project.ConstructionStartOn,
                        p.Project.ConstructionStartOnPrecision,
                        p.Project.CompletedOn,
                        p.Project.CompletedOnPrecision))
                    .ToList()))
            .SingleOrDefaultAsync(cancellationToken);

        return row?.ToDto(id);
    }

    internal sealed record DeliveryRow(
        DateOnly? SignedOn,
        DatePrecision? SignedOnPrecision,
        decimal? ValueAmount,
        string? ValueCurrency,
        decimal? ValueUsd,
        List<DeliveryProjectRow> Projects)
    {
        public AgreementDeliveryDto ToDto(long id)
        {
            var signed = Partial(SignedOn, SignedOnPrecision);
            var invested = Projects.Where(p => p.InvestmentUsd is not null).ToList();
            var statusMix = Projects
                .GroupBy(p => p.Status)
                .Select(g => new StatusCountDto(g.Key, g.Count()))
                .OrderBy(s => Order(s.Status))
                .ToList();
            return new AgreementDeliveryDto(
                id,
                Dates.Text(SignedOn, SignedOnPrecision),
                ValueAmount is { } amount && ValueCurrency is { } currency ? new MoneyDto(amount, currency, ValueUsd) : null,
                invested.Count == 0 ? null : invested.Sum(p => p.InvestmentUsd!.Value),
                invested.Count,
                statusMix,
                Projects.Select(p => p.ToDto(signed)).ToList());
        }

        /// <summary>Statuses in the vocabulary's order (planned first, cancelled last); unknown ones after.</summary>
        private static int Order(string status) => Vocabulary.ProjectStatuses.TakeWhile(s => s != status).Count();
    }

    internal sealed record DeliveryProjectRow(
        long Id,
        string Name,
        string? NameZh,
        string HostCountry,
        string HostCountryName,
        string HostCountryNameZh,
        string Status,
        decimal? InvestmentAmount,
        string? InvestmentCurrency,
        decimal? InvestmentUsd,
        DateOnly? ConstructionStartOn,
        DatePrecision? ConstructionStartOnPrecision,
        DateOnly? CompletedOn,
        DatePrecision? CompletedOnPrecision)
    {
        public DeliveryProjectDto ToDto(PartialDate? signed) => new(
            Id,
            Name,
            NameZh,
            HostCountry,
            HostCountryName,
            HostCountryNameZh,
            Status,
            InvestmentAmount is { } amount && InvestmentCurrency is { } currency ? new MoneyDto(amount, currency, InvestmentUsd) : null,
            Dates.Text(ConstructionStartOn, ConstructionStartOnPrecision),
            Dates.Text(CompletedOn, CompletedOnPrecision),
            MonthSpan.Between(signed, Partial(ConstructionStartOn, ConstructionStartOnPrecision)),
            MonthSpan.Between(signed, Partial(CompletedOn, CompletedOnPrecision)));
    }

    private static PartialDate? Partial(DateOnly? date, DatePrecision? precision) =>
        date is { } d && precision is { } p ? new PartialDate(d, p) : null;
}
