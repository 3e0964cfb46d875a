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
        var known = await db.Sources.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
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

        // The same article cited twice is one source: reuse it when title and URL match.
        var existing = await db.Sources.FirstOrDefaultAsync(s => s.Title == title && s.Url == url, cancellationToken);
        return existing ?? new Source
        {
            Slug = $"src-{Guid.NewGuid():N}"[..16],
            Title = title,
            Publisher = InputText.Trimmed(input.Publisher),
            Published = input.PublishedOn is null ? null : PartialDate.Parse(input.PublishedOn),
            Url = url,
        };
    }
}
