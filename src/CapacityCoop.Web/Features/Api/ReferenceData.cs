using CapacityCoop.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// The small, rarely-changing vocabularies (countries, regions, blocs, sectors) that every filter and form checks
/// against, held in memory so validating a request costs no query. The copy is kept with the version of the
/// <c>reference</c> cache tag it was read at; triggers on countries, sectors, blocs and bloc memberships raise that tag
/// at commit, whoever writes (a seed run, another instance, psql), so a change is seen as soon as this instance's
/// <see cref="TagVersions"/> is (by notification, at worst after Cache:VersionMaxAgeMilliseconds).
/// </summary>
public sealed class ReferenceData(IServiceScopeFactory scopes, TagVersions versions)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Loaded? current;

    private sealed record Loaded(Snapshot Snapshot, long Version);

    public sealed record CountryRef(string Iso3, string Iso2, string NameEn, string NameZh, string Region);

    public sealed record SectorRef(string Code, string NameEn, string NameZh, bool IsFocusSector, int SortOrder);

    public sealed record BlocRef(string Code, string NameEn, string NameZh);

    public sealed record Snapshot(
        IReadOnlyDictionary<string, CountryRef> Countries,
        IReadOnlyDictionary<string, SectorRef> Sectors,
        IReadOnlyDictionary<string, BlocRef> Blocs);

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        // Read before the data: a change committed in between makes the next version higher, so it is re-read then.
        var version = (await versions.CurrentAsync(cancellationToken)).VersionOf(CacheTags.Reference);
        if (Volatile.Read(ref current) is { } loaded && loaded.Version == version)
        {
            return loaded.Snapshot;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } reloaded && reloaded.Version == version)
            {
                return reloaded.Snapshot;
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
                Volatile.Write(ref current, new Loaded(snapshot, version));
            }

            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }
}
