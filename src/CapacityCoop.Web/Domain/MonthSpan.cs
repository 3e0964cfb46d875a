namespace CapacityCoop.Web.Domain;

/// <summary>
/// Whole months from one partial date to another, no more precise than the coarser of the two dates.
/// <see cref="Months"/> is the best single figure: whole calendar months when both dates are known to the day,
/// otherwise the distance between the two periods ("2014-12" to "2015-08" is 8, "2014" to "2016" is 24).
/// <see cref="MinMonths"/> and <see cref="MaxMonths"/> bound the true value over every pair of days the two
/// periods allow, so a page can say how far the figure may be off. Negative when <c>to</c> comes first.
/// </summary>
public readonly record struct MonthSpan(int Months, int MinMonths, int MaxMonths, DatePrecision Precision)
{
    public static MonthSpan Between(PartialDate from, PartialDate to)
    {
        var precision = from.Precision < to.Precision ? from.Precision : to.Precision;
        var months = precision switch
        {
            DatePrecision.Day => WholeMonths(from.Date, to.Date),
            DatePrecision.Month => MonthNumber(to.Date) - MonthNumber(from.Date),
            _ => (to.Date.Year - from.Date.Year) * 12,
        };
        return new MonthSpan(months, WholeMonths(from.End, to.Date), WholeMonths(from.Date, to.End), precision);
    }

    /// <summary>Null when either date is unknown.</summary>
    public static MonthSpan? Between(PartialDate? from, PartialDate? to) =>
        from is { } f && to is { } t ? Between(f, t) : null;

    /// <summary>Whole calendar months from <paramref name="a"/> to <paramref name="b"/>, truncated toward zero (31 January to 28 February is one).</summary>
    public static int WholeMonths(DateOnly a, DateOnly b)
    {
        if (b < a)
        {
            return -WholeMonths(b, a);
        }

        var months = MonthNumber(b) - MonthNumber(a);
        return a.AddMonths(months) > b ? months - 1 : months;
    }

    private static int MonthNumber(DateOnly date) => (date.Year * 12) + date.Month - 1;
}
