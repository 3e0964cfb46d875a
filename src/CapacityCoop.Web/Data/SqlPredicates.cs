using System.Linq.Expressions;

namespace CapacityCoop.Web.Data;

/// <summary>Predicates that EF Core would otherwise translate into SQL PostgreSQL cannot serve from an index.</summary>
public static class SqlPredicates
{
    /// <summary>
    /// <c>column</c> equals one of <paramref name="values"/>. <c>values.Contains(column)</c> becomes
    /// <c>column = ANY(@values)</c> with a text[] parameter; on a character(3) column (country codes) PostgreSQL then
    /// casts every row to text, so it neither uses the column's index nor its statistics (it scanned all 200,000
    /// parties for one country). One equality per value keeps the column's own type: an index read. For other text
    /// columns it still gives the planner each value's frequency, which an array parameter hides.
    /// </summary>
    public static Expression<Func<T, bool>> EqualsAny<T>(Expression<Func<T, string?>> column, IReadOnlyList<string> values)
    {
        var body = values
            .Select(value => (Expression)Expression.Equal(column.Body, Parameter(value)))
            .Aggregate((Expression?)null, (either, equal) => either is null ? equal : Expression.OrElse(either, equal));
        return Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(false), column.Parameters);
    }

    // A member of a closure object, as the C# compiler makes for a captured variable: EF Core sends it as a parameter
    // typed like the column it is compared with.
    private static MemberExpression Parameter(string value) =>
        Expression.Property(Expression.Constant(new Captured(value)), nameof(Captured.Value));

    private sealed record Captured(string? Value);
}
