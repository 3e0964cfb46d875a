using CapacityCoop.Web.Domain;

namespace CapacityCoop.Web.Data.Configurations;

/// <summary>Check-constraint SQL for a partial date stored as "{column}" (date) plus "{column}_precision" (text).</summary>
internal static class PartialDateColumns
{
    public static string Check(string column) =>
        $"({column} IS NULL) = ({column}_precision IS NULL) AND ({column}_precision IS NULL OR " +
        $"{column}_precision = 'day' OR " +
        $"({column}_precision = 'month' AND extract(day FROM {column}) = 1) OR " +
        $"({column}_precision = 'year' AND extract(day FROM {column}) = 1 AND extract(month FROM {column}) = 1))";

    public static string MoneyCheck(string prefix) =>
        $"({prefix}_amount IS NULL) = ({prefix}_currency IS NULL) AND " +
        $"({prefix}_currency IS NULL OR {prefix}_currency ~ '^[A-Z]{{3}}$') AND " +
        $"({prefix}_amount IS NULL OR {prefix}_amount >= 0) AND ({prefix}_usd IS NULL OR {prefix}_usd >= 0)";
}
