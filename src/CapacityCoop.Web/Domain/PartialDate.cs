using System.Globalization;
using System.Text.RegularExpressions;

namespace CapacityCoop.Web.Domain;

public enum DatePrecision
{
    Year,
    Month,
    Day,
}

/// <summary>
/// A date known only to some precision: "2014", "2014-12" or "2014-12-23". Stored as the first day of the
/// period plus its precision, so it sorts and filters as a date while still saying what the source knew.
/// </summary>
public readonly partial record struct PartialDate(DateOnly Date, DatePrecision Precision)
{
    public static PartialDate Year(int year) => new(new DateOnly(year, 1, 1), DatePrecision.Year);

    public static PartialDate Month(int year, int month) => new(new DateOnly(year, month, 1), DatePrecision.Month);

    public static PartialDate Day(int year, int month, int day) => new(new DateOnly(year, month, day), DatePrecision.Day);

    /// <summary>The last day the period covers (the date itself for day precision).</summary>
    public DateOnly End => Precision switch
    {
        DatePrecision.Year => new DateOnly(Date.Year, 12, 31),
        DatePrecision.Month => Date.AddMonths(1).AddDays(-1),
        _ => Date,
    };

    public static bool TryParse(string? text, out PartialDate value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 1900 || year > 2999)
        {
            return false;
        }

        if (!match.Groups["m"].Success)
        {
            value = Year(year);
            return true;
        }

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12)
        {
            return false;
        }

        if (!match.Groups["d"].Success)
        {
            value = Month(year, month);
            return true;
        }

        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = Day(year, month, day);
        return true;
    }

    public static PartialDate Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.");

    public override string ToString() => Precision switch
    {
        DatePrecision.Year => Date.ToString("yyyy", CultureInfo.InvariantCulture),
        DatePrecision.Month => Date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2}))?)?$")]
    private static partial Regex Pattern();
}
