using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// The small, rarely-changing vocabularies (countries, regions, blocs, sectors) that every filter and form checks
/// against, held in memory so validating a request costs no query. Loaded on first use; <see cref="Invalidate"/>
/// after the seed command or an admin edit.
/// </summary>
public sealed class ReferenceData(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? current;

    public sealed record CountryRef(string Iso3, string Iso2, string NameEn, string NameZh, string Region);

    public sealed record SectorRef(string Code, string NameEn, string NameZh, bool IsFocusSector, int SortOrder);

    public sealed record BlocRef(string Code, string NameEn, string NameZh);

    public sealed record Snapshot(
        IReadOnlyDictionary<string, CountryRef> Countries,
        IReadOnlyDictionary<string, SectorRef> Sectors,
        IReadOnlyDictionary<string, BlocRef> Blocs);

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (current is { } loaded)
        {
            return loaded;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is not null)
            {
                return current;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var countries = await db.Countries.AsNoTracking()
                .Select(c => new CountryRef(c.Iso3, c.Iso2, c.NameEn, c.NameZh, c.Region))
                .ToDictionaryAsync(c => c.Iso3, StringComparer.OrdinalIgnoreCase, cancellationToken);
            var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder)
                .Select(s => new SectorRef(s.Code, s.NameEn, s.NameZh, s.IsFocusSector, s.SortOrder))
                .ToDictionaryAsync(s => s.Code, StringComparer.OrdinalIgnoreCase, cancellationToken);
            var blocs = await db.Blocs.AsNoTracking()
                .Select(b => new BlocRef(b.Code, b.NameEn, b.NameZh))
                .ToDictionaryAsync(b => b.Code, StringComparer.OrdinalIgnoreCase, cancellationToken);

            // An empty database (before seeding) is not cached, so the first real load is seen.
            var snapshot = new Snapshot(countries, sectors, blocs);
            if (countries.Count > 0)
            {
                current = snapshot;
            }

            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Invalidate() => current = null;
}
