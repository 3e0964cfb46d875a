namespace CapacityCoop.Web.Features.Import;

/// <summary>A message about the whole file, in English with placeholders, so the page can show it translated.</summary>
public sealed record ImportMessage(string Text, params object[] Arguments);

/// <summary>What checking an upload found: the rows, the errors that stop the import, and warnings that do not.</summary>
public sealed record ImportReport(
    string EntityType,
    string FileName,
    int RowCount,
    IReadOnlyList<ImportIssue> Errors,
    IReadOnlyList<ImportIssue> Warnings,
    ImportMessage? FileProblem,
    ImportMessage? Note)
{
    /// <summary>Only a readable file with rows and no error at all may be imported.</summary>
    public bool CanCommit => FileProblem is null && Errors.Count == 0 && RowCount > 0;

    /// <summary>The rows with at least one error.</summary>
    public int RowsWithErrors => Errors.Select(e => e.Row).Distinct().Count();

    public static ImportReport Unreadable(string entityType, string fileName, ImportMessage problem) =>
        new(entityType, fileName, 0, [], [], problem, null);
}

public abstract record CommitOutcome
{
    /// <summary>Every row became a draft of import batch <see cref="BatchId"/>.</summary>
    public sealed record Committed(long BatchId, int RowCount) : CommitOutcome;

    /// <summary>Nothing was written; the report says why.</summary>
    public sealed record Refused(ImportReport Report) : CommitOutcome;
}
