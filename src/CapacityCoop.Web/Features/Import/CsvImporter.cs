using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CapacityCoop.Web.Data;
using CapacityCoop.Web.Domain;
using CapacityCoop.Web.Features.Api;
using CapacityCoop.Web.Features.Audit;
using CapacityCoop.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CapacityCoop.Web.Features.Import;

/// <summary>
/// The CSV bulk import of agreements and projects: a check (dry run) that reads and validates every row with the API's
/// rules and writes nothing; a commit that checks again and stores every row as a draft of one import batch in one
/// transaction, or nothing; and the publication of a whole batch, again all or nothing. Rows that repeat a published
/// record, an open draft or another row of the file are errors, never silently doubled.
/// </summary>
public sealed class CsvImporter(
    PortalDbContext db,
    IEnumerable<ImportFormat> formats,
    IEnumerable<IRecordWriter> writers,
    ReferenceData referenceData,
    DraftWorkflow workflow,
    TimeProvider clock,
    ILogger<CsvImporter> logger)
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;

    /// <summary>
    /// The likely-duplicate search (similar titles, close dates) costs a query per row, and on a large database one
    /// query per row can take a large fraction of a second (every agreement between the same two countries is a
    /// candidate): the dry run spends at most this long on it and says how many rows it covered. Exact repeats are
    /// always looked for in every row, with two queries for the whole file.
    /// </summary>
    public static readonly TimeSpan LikelyDuplicateBudget = TimeSpan.FromSeconds(3);

    public static readonly IReadOnlyList<string> EntityTypes = ["agreement", "project"];

    public ImportFormat Format(string entityType) =>
        formats.SingleOrDefault(f => f.EntityType == entityType) ?? throw new ArgumentException($"No import for '{entityType}'.", nameof(entityType));

    /// <summary>The template: UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), the header and optionally the example row.</summary>
    public byte[] Template(string entityType, bool withExample)
    {
        var format = Format(entityType);
        var text = new StringBuilder();
        text.Append(string.Join(',', format.Columns.Select(c => c.Name))).Append("\r\n");
        if (withExample)
        {
            text.Append(string.Join(',', format.ExampleRow.Select(CsvFile.Escape))).Append("\r\n");
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>The dry run: every row read and validated, repeats and likely duplicates looked for; nothing is written.</summary>
    public async Task<ImportReport> CheckAsync(string entityType, string fileName, byte[] content, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var (report, _) = await ReadAsync(entityType, fileName, content, likelyDuplicates: true, cancellationToken);
        logger.LogInformation("Import check of {EntityType} file {FileName}: {Rows} rows, {Errors} errors in {Elapsed} ms",
            entityType, fileName, report.RowCount, report.Errors.Count, stopwatch.ElapsedMilliseconds);
        return report;
    }

    /// <summary>
    /// Checks the file again (the database may have changed since the dry run, and the upload is not trusted) and,
    /// when it has no error, stores every row as a draft of a new import batch in one transaction.
    /// </summary>
    public async Task<CommitOutcome> CommitAsync(string entityType, string fileName, byte[] content, Actor actor, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var outcome = await db.InTransactionAsync(
            token => CommitOnceAsync(entityType, fileName, content, actor, token), o => o is CommitOutcome.Committed, cancellationToken);
        if (outcome is CommitOutcome.Committed committed)
        {
            logger.LogInformation("Import batch {BatchId}: {Rows} {EntityType} drafts by {UserId} in {Elapsed} ms",
                committed.BatchId, committed.RowCount, entityType, actor.Id, stopwatch.ElapsedMilliseconds);
        }

        return outcome;
    }

    private async Task<CommitOutcome> CommitOnceAsync(string entityType, string fileName, byte[] content, Actor actor, CancellationToken cancellationToken)
    {
        var writer = Writer(entityType);

        // Two imports (or an import and a publication) of the same type wait for each other, so neither can miss the
        // other's rows when it looks for repeats.
        await LockAsync(entityType, cancellationToken);
        var (report, rows) = await ReadAsync(entityType, fileName, content, likelyDuplicates: false, cancellationToken);
        if (!report.CanCommit)
        {
            return new CommitOutcome.Refused(report);
        }

        var now = clock.GetUtcNow();
        var batch = new ImportBatch
        {
            EntityType = entityType,
            FileName = Truncate(string.Concat(Path.GetFileName(fileName).Where(c => !ControlCharacters.IsForbidden(c, multiLine: false))), 260),
            RowCount = rows.Count,
            CreatedById = actor.Id,
            CreatedBy = actor.Name,
            CreatedAt = now,
        };
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            db.ImportBatches.Add(batch);
            foreach (var (_, input) in rows)
            {
                db.Drafts.Add(new Draft
                {
                    EntityType = entityType,
                    Payload = JsonSerializer.SerializeToDocument(writer.Write(input)),
                    Title = Truncate(writer.TitleOf(input), 500),
                    State = DraftStates.Draft,
                    ImportBatch = batch,
                    CreatedById = actor.Id,
                    CreatedBy = actor.Name,
                    CreatedAt = now,
                    UpdatedById = actor.Id,
                    UpdatedBy = actor.Name,
                    UpdatedAt = now,
                });
            }

            await TableCopy.AssignKeysAsync(db, cancellationToken);
            await TableCopy.InsertAddedAsync(db, cancellationToken);
        }
        catch (NpgsqlException exception) when (!exception.IsTransient)
        {
            // The transaction is rolled back when disposed: not one draft of the file is kept.
            logger.LogError(exception, "Import of {EntityType} file {FileName} by {UserId} failed while writing", entityType, fileName, actor.Id);
            return new CommitOutcome.Refused(report with
            {
                FileProblem = new ImportMessage("The database refused the import ({0}); nothing was written.", DatabaseReason(exception)),
            });
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }

        return new CommitOutcome.Committed(batch.Id, rows.Count);
    }

    /// <summary>
    /// Publishes every open draft of a batch in one transaction, refusing the whole batch when a row has become invalid
    /// or now repeats a published record.
    /// </summary>
    public async Task<BatchPublishOutcome> PublishAsync(long batchId, Actor publisher, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var entityType = await db.ImportBatches.Where(b => b.Id == batchId).Select(b => b.EntityType).SingleOrDefaultAsync(cancellationToken);
        if (entityType is null)
        {
            return new BatchPublishOutcome.NotFound();
        }

        var format = Format(entityType);
        var outcome = await db.InTransactionAsync(
            async token =>
            {
                await LockAsync(entityType, token);
                try
                {
                    return await workflow.PublishBatchAsync(batchId, publisher, (drafts, t) => RepeatsAsync(format, drafts, t), token);
                }
                catch (NpgsqlException exception) when (!exception.IsTransient)
                {
                    logger.LogError(exception, "Publication of import batch {BatchId} by {UserId} failed", batchId, publisher.Id);
                    return new BatchPublishOutcome.Conflict($"The database refused the publication ({DatabaseReason(exception)}); nothing was published.");
                }
            },
            o => o is BatchPublishOutcome.Published,
            cancellationToken);
        if (outcome is BatchPublishOutcome.Published published)
        {
            logger.LogInformation("Import batch {BatchId}: {Count} {EntityType} records published by {UserId} in {Elapsed} ms",
                batchId, published.Count, entityType, publisher.Id, stopwatch.ElapsedMilliseconds);
        }

        return outcome;
    }

    /// <summary>Drafts of the batch that repeat a published record (published since the import, say).</summary>
    private static async Task<IReadOnlyDictionary<long, string[]>> RepeatsAsync(
        ImportFormat format, IReadOnlyList<(Draft Draft, object Input)> drafts, CancellationToken cancellationToken)
    {
        var keyed = drafts.Select(d => (d.Draft, Key: format.DuplicateKey(d.Input))).Where(d => d.Key is not null).ToList();
        var existing = await format.ExistingAsync(keyed.Select(d => d.Key!).ToHashSet(), keyed.Select(d => d.Draft.Title).ToList(), includeDrafts: false, cancellationToken);
        var byKey = existing.ToLookup(e => e.Key);
        return keyed.Where(d => byKey.Contains(d.Key!))
            .ToDictionary(d => d.Draft.Id, d => byKey[d.Key!].Select(e => $"Repeats {e.Description}: {format.SameRecordRule}.").ToArray());
    }

    private async Task<(ImportReport Report, List<(int Row, object Input)> Rows)> ReadAsync(
        string entityType, string fileName, byte[] content, bool likelyDuplicates, CancellationToken cancellationToken)
    {
        var format = Format(entityType);
        if (content.Length == 0)
        {
            return (ImportReport.Unreadable(entityType, fileName, new ImportMessage("The file is empty.")), []);
        }

        if (content.Length > MaxFileBytes)
        {
            return (ImportReport.Unreadable(entityType, fileName,
                new ImportMessage("The file is larger than {0} MB; split it into smaller files.", MaxFileBytes / 1024 / 1024)), []);
        }

        var csv = CsvFile.Read(content);
        if (!csv.IsReadable)
        {
            return (ImportReport.Unreadable(entityType, fileName, new ImportMessage(csv.Problem!)), []);
        }

        if (csv.Records.Count == 0 || CsvFile.IsBlank(csv.Records[0]))
        {
            return (ImportReport.Unreadable(entityType, fileName, new ImportMessage("The file has no header row: its first row must name the columns.")), []);
        }

        var header = csv.Records[0].Fields.Select(f => f.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var data = csv.Records.Skip(1).Where(r => !CsvFile.IsBlank(r)).ToList();
        if (HeaderProblem(format, header, data) is { } problem)
        {
            return (ImportReport.Unreadable(entityType, fileName, problem), []);
        }

        if (data.Count == 0)
        {
            return (ImportReport.Unreadable(entityType, fileName, new ImportMessage("The file has a header but no rows to import.")), []);
        }

        if (data.Count > MaxRows)
        {
            return (ImportReport.Unreadable(entityType, fileName,
                new ImportMessage("The file has {0} rows; at most {1} can be imported at once.", data.Count, MaxRows)), []);
        }

        var reference = await referenceData.GetAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var columns = header.Select((name, index) => (name, index)).Where(c => c.name.Length > 0).ToDictionary(c => c.name, c => c.index);
        var errors = new List<ImportIssue>();
        var rows = new List<(ImportRow Row, object Input)>(data.Count);
        foreach (var record in data)
        {
            var row = new ImportRow(record.Row, columns, record.Fields);
            if (record.Fields.Count > header.Count && record.Fields.Skip(header.Count).Any(f => !string.IsNullOrWhiteSpace(f)))
            {
                row.Add("", $"The row has {record.Fields.Count} fields but the header names {header.Count} columns: check for a comma that should be inside quotes.");
            }

            rows.Add((row, format.ToInput(row, reference)));
        }

        var validation = await BatchWriter(entityType).ValidateManyAsync(rows.Select(r => r.Input).ToList(), cancellationToken);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i].Row;
            errors.AddRange(row.Issues);
            var unreadable = row.Issues.Select(issue => issue.Column).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, messages) in validation[i])
            {
                var column = ImportFormat.ColumnFor(key);
                if (!unreadable.Contains(column))
                {
                    errors.AddRange(messages.Select(m => new ImportIssue(row.Row, column, ImportFormat.MessageFor(key, column, m))));
                }
            }
        }

        // Rows holding a control character already have their error, and their text must not reach a query (PostgreSQL
        // refuses a NUL with an exception).
        errors.AddRange(await RepeatsAsync(format, rows.Where(r => !ControlCharacters.AnyIn(r.Input)).ToList(), cancellationToken));
        var warnings = new List<ImportIssue>();
        ImportMessage? note = null;
        if (likelyDuplicates)
        {
            var failing = errors.Select(e => e.Row).ToHashSet();
            var candidates = rows.Where(r => !failing.Contains(r.Row.Row)).ToList();
            var writer = Writer(entityType);
            var searching = Stopwatch.StartNew();
            var searched = 0;
            foreach (var (row, input) in candidates)
            {
                if (searching.Elapsed > LikelyDuplicateBudget)
                {
                    break;
                }

                foreach (var candidate in await writer.FindDuplicatesAsync(input, null, cancellationToken))
                {
                    warnings.Add(new ImportIssue(row.Row, format.TitleColumn,
                        $"Looks like {candidate.EntityType} {candidate.Id} “{candidate.Title}”{(candidate.Date is { } d ? $" ({d})" : "")}: {candidate.Reason}."));
                }

                searched++;
            }

            if (searched < candidates.Count)
            {
                note = new ImportMessage(
                    "Likely duplicates (similar titles, close dates) were looked for in the first {0} of the {1} rows without errors: the search stops after {2} seconds. Exact repeats were looked for in every row.",
                    searched, candidates.Count, (int)LikelyDuplicateBudget.TotalSeconds);
            }
        }

        var order = format.Columns.Select((c, i) => (c.Name, i)).ToDictionary(c => c.Name, c => c.i);
        var sorted = errors.OrderBy(e => e.Row).ThenBy(e => order.GetValueOrDefault(e.Column, -1)).ToList();
        await db.Database.CloseConnectionAsync();
        var report = new ImportReport(entityType, fileName, rows.Count, sorted, warnings, null, note);
        return (report, rows.Select(r => (r.Row.Row, r.Input)).ToList());
    }

    /// <summary>Rows that repeat another row of the file (or ask for its slug), a published record or an open draft.</summary>
    private static async Task<List<ImportIssue>> RepeatsAsync(ImportFormat format, List<(ImportRow Row, object Input)> rows, CancellationToken cancellationToken)
    {
        var issues = new List<ImportIssue>();
        var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstWithSlug = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keyed = new List<(int Row, string Key)>();
        foreach (var (row, input) in rows)
        {
            if (format.DuplicateKey(input) is { } key)
            {
                if (firstWithKey.TryGetValue(key, out var first))
                {
                    issues.Add(new ImportIssue(row.Row, format.TitleColumn, $"Repeats row {first} of this file: {format.SameRecordRule}."));
                }
                else
                {
                    firstWithKey[key] = row.Row;
                    keyed.Add((row.Row, key));
                }
            }

            if (format.SlugOf(input) is { } slug && !firstWithSlug.TryAdd(slug, row.Row))
            {
                issues.Add(new ImportIssue(row.Row, "slug", $"Row {firstWithSlug[slug]} of this file already asks for the slug '{slug}'."));
            }
        }

        if (keyed.Count == 0)
        {
            return issues;
        }

        var titles = rows.Select(r => r.Row.Text(format.TitleColumn)).OfType<string>().ToList();
        var existing = (await format.ExistingAsync(firstWithKey.Keys, titles, includeDrafts: true, cancellationToken)).ToLookup(e => e.Key);
        foreach (var (row, key) in keyed)
        {
            issues.AddRange(existing[key].Select(e => new ImportIssue(row, format.TitleColumn, $"Repeats {e.Description}: {format.SameRecordRule}.")));
        }

        return issues;
    }

    private static ImportMessage? HeaderProblem(ImportFormat format, List<string> header, List<CsvRecord> data)
    {
        var known = format.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var repeated = header.Where(h => h.Length > 0).GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            return new ImportMessage("These columns appear more than once: {0}.", string.Join(", ", repeated));
        }

        // A column without a name is tolerated while it is empty (spreadsheets sometimes save one); else it is unknown.
        var unknown = header.Select((name, index) => (name, index))
            .Where(c => c.name.Length > 0 ? !known.Contains(c.name) : data.Any(r => c.index < r.Fields.Count && !string.IsNullOrWhiteSpace(r.Fields[c.index])))
            .Select(c => c.name.Length > 0 ? $"'{c.name}' (column {c.index + 1})" : $"(no name, column {c.index + 1})")
            .ToList();
        if (unknown.Count > 0)
        {
            return new ImportMessage("Unknown columns: {0}. The columns of this import are: {1}.",
                string.Join(", ", unknown), string.Join(", ", format.Columns.Select(c => c.Name)));
        }

        var missing = format.Columns.Where(c => c.Required && !header.Contains(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            return new ImportMessage("Required columns are missing: {0}.", string.Join(", ", missing));
        }

        return !header.Contains("source_id") && !header.Contains("source_title")
            ? new ImportMessage("The file needs a source_id or a source_title column: every record must be traceable to a source.")
            : null;
    }

    /// <summary>What a staff member can act on: the server's message for a refused statement, not the exception's internals.</summary>
    private static string DatabaseReason(NpgsqlException exception) =>
        exception is PostgresException postgres ? postgres.MessageText : "the database could not be reached";

    private Task LockAsync(string entityType, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"import:" + entityType}))", cancellationToken);

    private IRecordWriter Writer(string entityType) => writers.Single(w => w.EntityType == entityType);

    private IBatchRecordWriter BatchWriter(string entityType) =>
        Writer(entityType) as IBatchRecordWriter ?? throw new InvalidOperationException($"The {entityType} writer cannot write batches.");

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
