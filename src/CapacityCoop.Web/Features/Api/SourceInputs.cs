using System.Runtime.CompilerServices;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// The sources a record cites, as every create/replace contract takes them: an existing source by id, or a new one
/// described by title, publisher, date and URL. Every record needs at least one.
/// </summary>
public static class SourceInputs
{
    public static async Task<IReadOnlyList<SourceInput>> ValidateAsync(
        PortalDbContext db, IReadOnlyList<SourceInput>? sources, InputErrors errors, DateOnly today, CancellationToken cancellationToken)
    {
        if (sources is null || sources.Count == 0)
        {
            errors.Add("sources", "At least one source is required: every record must be traceable to a publication.");
            return [];
        }

        var ids = sources.Where(s => s?.SourceId is not null).Select(s => s.SourceId!.Value).ToList();
        // No query when no source is cited by id: a CSV import validates thousands of rows that describe new sources.
        var known = ids.Count == 0 ? [] : await db.Sources.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        var result = new List<SourceInput>();
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            var field = $"sources[{i}]";
            if (source is null)
            {
                errors.Add(field, $"'{field}' is empty.");
                continue;
            }

            errors.Optional($"{field}.note", source.Note, 1000);
            if (source.SourceId is { } id)
            {
                if (source.Title is not null)
                {
                    errors.Add(field, $"'{field}' gives both sourceId and title: cite an existing source by id, or describe a new one.");
                }
                else if (!known.Contains(id))
                {
                    errors.Add($"{field}.sourceId", $"No source with id {id}.");
                }
                else
                {
                    result.Add(source);
                }

                continue;
            }

            var title = errors.Required($"{field}.title", source.Title, 500);
            errors.Optional($"{field}.publisher", source.Publisher, 200);
            var published = errors.Date($"{field}.publishedOn", source.PublishedOn, today);
            var url = errors.Url($"{field}.url", source.Url);
            if (title is not null)
            {
                result.Add(source with { Title = title, PublishedOn = published?.ToString(), Url = url });
            }
        }

        if (result.Where(s => s.SourceId is not null).GroupBy(s => s.SourceId).Any(g => g.Count() > 1))
        {
            errors.Add("sources", "The same source is cited twice.");
        }

        return result;
    }

    /// <summary>The source a validated new-source input stands for: an existing one with the same title and URL, or a new entity.</summary>
    public static async Task<Source> NewSourceAsync(PortalDbContext db, SourceInput input, CancellationToken cancellationToken)
    {
        var title = input.Title!.Trim();
        var url = InputText.Trimmed(input.Url);

        if (Preloaded.TryGetValue(db, out var known))
        {
            // A batch: sources already looked up (or created by an earlier record of the batch) cost no query.
            if (!known.TryGetValue((title, url), out var source))
            {
                source = New(input, title, url);
                known[(title, url)] = source;
            }

            return source;
        }

        // The same article cited twice is one source: reuse it when title and URL match.
        var existing = await db.Sources.FirstOrDefaultAsync(s => s.Title == title && s.Url == url, cancellationToken);
        return existing ?? New(input, title, url);
    }

    /// <summary>
    /// Looks up in one query the existing sources that <paramref name="sources"/> describe as new, so that
    /// <see cref="NewSourceAsync"/> on <paramref name="db"/> answers from memory until <see cref="ForgetPreloaded"/>:
    /// a batch of thousands of records (the CSV import) then makes no query per record, and its records that describe
    /// the same new source share one, as they would had they been created one after another.
    /// </summary>
    public static async Task PreloadAsync(PortalDbContext db, IEnumerable<SourceInput> sources, CancellationToken cancellationToken)
    {
        var titles = sources.Where(s => s.SourceId is null && s.Title is not null).Select(s => s.Title!.Trim()).Distinct().ToList();
        var existing = await db.Sources.Where(s => titles.Contains(s.Title)).ToListAsync(cancellationToken);
        var known = new Dictionary<(string Title, string? Url), Source>();
        foreach (var source in existing.OrderBy(s => s.Id))
        {
            known.TryAdd((source.Title, source.Url), source);
        }

        Preloaded.AddOrUpdate(db, known);
    }

    public static void ForgetPreloaded(PortalDbContext db) => Preloaded.Remove(db);

    private static readonly ConditionalWeakTable<PortalDbContext, Dictionary<(string Title, string? Url), Source>> Preloaded = new();

    private static Source New(SourceInput input, string title, string? url) => new()
    {
        Slug = $"src-{Guid.NewGuid():N}"[..16],
        Title = title,
        Publisher = InputText.Trimmed(input.Publisher),
        Published = input.PublishedOn is null ? null : PartialDate.Parse(input.PublishedOn),
        Url = url,
    };
}
