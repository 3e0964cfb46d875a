using System.Text;
using System.Text.RegularExpressions;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace CapacityCoop.Web.Features.Import;

/// <summary>A column of an import file: its header, whether the file must have it, and what goes in it.</summary>
public sealed record ImportColumn(string Name, bool Required, string Description);

/// <summary>A published record (or an open draft) that an uploaded row would repeat.</summary>
public sealed record ExistingRecord(string Key, string Description);

/// <summary>
/// How the rows of an import file map to one record type's API input contract, flattened: one column per field,
/// lists separated by ";", money and capacity as amount/currency/usd columns, one source per row. Which rows repeat a
/// record is decided here too, by the same key for the file and for the database.
/// </summary>
public abstract partial class ImportFormat
{
    public abstract string EntityType { get; }

    public abstract IReadOnlyList<ImportColumn> Columns { get; }

    /// <summary>The example row of the template, in column order (a record of the seed data).</summary>
    public abstract IReadOnlyList<string> ExampleRow { get; }

    /// <summary>The column a duplicate is reported against.</summary>
    public abstract string TitleColumn { get; }

    /// <summary>What makes two rows the same record, in words for the report.</summary>
    public abstract string SameRecordRule { get; }

    public abstract object ToInput(ImportRow row, ReferenceData.Snapshot reference);

    /// <summary>The identity two rows (or a row and a record) share when they are the same record; null when the row lacks it.</summary>
    public abstract string? DuplicateKey(object input);

    /// <summary>Published records (and, when asked, open drafts of new records) whose key is one of <paramref name="keys"/>.</summary>
    public abstract Task<IReadOnlyList<ExistingRecord>> ExistingAsync(
        IReadOnlyCollection<string> keys, IReadOnlyCollection<string> titles, bool includeDrafts, CancellationToken cancellationToken);

    /// <summary>The slug a row asks for, if any: two rows of one file may not ask for the same one.</summary>
    public abstract string? SlugOf(object input);

    public static readonly ImportColumn[] SourceColumns =
    [
        new("source_id", false, "Id of an existing source, or several separated by ';'. Either source_id or source_title is needed."),
        new("source_title", false, "Title of a new source (a news release, an article) backing the record."),
        new("source_publisher", false, "Publisher of the new source."),
        new("source_published_on", false, "Date of the new source: 2015, 2015-05 or 2015-05-19."),
        new("source_url", false, "http or https address of the new source."),
        new("source_note", false, "What the source says about this record."),
    ];

    /// <summary>
    /// The column an editor error belongs to: "value.currency" is value_currency, "parties[1].country" is parties,
    /// "sources[0].publishedOn" is source_published_on.
    /// </summary>
    public static string ColumnFor(string errorKey)
    {
        if (errorKey.StartsWith("sources", StringComparison.Ordinal))
        {
            var dot = errorKey.IndexOf('.', StringComparison.Ordinal);
            return dot < 0
                ? errorKey == "sources" ? "source_title" : "source_id"
                : errorKey[(dot + 1)..] is "sourceId" ? "source_id" : "source_" + Snake(errorKey[(dot + 1)..]);
        }

        var bracket = errorKey.IndexOf('[', StringComparison.Ordinal);
        return bracket >= 0 ? Snake(errorKey[..bracket]) : Snake(errorKey.Replace('.', '_'));
    }

    /// <summary>The editor's message with the JSON field name replaced by the column's.</summary>
    public static string MessageFor(string errorKey, string column, string message) =>
        message.Replace($"'{errorKey}'", $"'{column}'", StringComparison.Ordinal);

    /// <summary>A title as duplicates are judged: case and runs of white space ignored.</summary>
    public static string NormaliseTitle(string title) => Whitespace().Replace(title.Trim(), " ").ToLowerInvariant();

    /// <summary>The title without any white space, as the database prefilter compares it.</summary>
    public static string SquashTitle(string title) => Whitespace().Replace(title, "").ToLowerInvariant();

    /// <summary>A partial date in its canonical form, or the text as given when it is not one.</summary>
    protected static string DateKey(string? text) =>
        PartialDate.TryParse(text, out var date) ? date.ToString() : text?.Trim() ?? "";

    protected static IReadOnlyList<SourceInput>? Sources(ImportRow row)
    {
        var note = row.Text("source_note");
        var sources = (row.Ids("source_id") ?? []).Select(id => new SourceInput(id, null, null, null, null, note)).ToList();
        var title = row.Text("source_title");
        if (title is not null || row.Text("source_publisher") is not null || row.Text("source_published_on") is not null || row.Text("source_url") is not null)
        {
            sources.Add(new SourceInput(null, title, row.Text("source_publisher"), row.Text("source_published_on"), row.Text("source_url"), note));
        }

        return sources.Count > 0 ? sources : null;
    }

    protected static MoneyInput? Money(ImportRow row, string prefix)
    {
        var amount = row.Decimal($"{prefix}_amount");
        var currency = row.Text($"{prefix}_currency");
        var usd = row.Decimal($"{prefix}_usd");
        return amount is null && currency is null && usd is null && row.Text($"{prefix}_amount") is null && row.Text($"{prefix}_usd") is null
            ? null
            : new MoneyInput(amount, currency, usd);
    }

    /// <summary>
    /// Open drafts of new records whose title without white space is one of <paramref name="squashedTitles"/>: a file
    /// imported twice before publication must not become two sets of drafts.
    /// </summary>
    protected static async Task<IReadOnlyList<ExistingRecord>> OpenDraftsAsync(
        PortalDbContext db, IRecordWriter writer, string[] squashedTitles, Func<object, string?> key, CancellationToken cancellationToken)
    {
        var type = writer.EntityType;
        var ids = await db.Database.SqlQuery<long>($"""
            SELECT id AS "Value" FROM drafts
            WHERE entity_type = {type} AND entity_id IS NULL AND state IN ('draft', 'rejected')
              AND lower(regexp_replace(title, '\s', '', 'g')) = ANY({squashedTitles})
            """).ToListAsync(cancellationToken);
        var drafts = await db.Drafts.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.ImportBatchId, d.Payload }).ToListAsync(cancellationToken);
        return drafts
            .Select(d => (d, input: writer.Read(d.Payload.RootElement)))
            .Where(x => x.input is not null && key(x.input) is not null)
            .Select(x => new ExistingRecord(
                key(x.input!)!,
                x.d.ImportBatchId is { } batch ? $"unpublished draft {x.d.Id} of import {batch}" : $"unpublished draft {x.d.Id}"))
            .ToList();
    }

    private static string Snake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
