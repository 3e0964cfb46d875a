using CapacityCoop.Web.Domain;

namespace CapacityCoop.Tests.Domain;

public sealed class MonthSpanTests
{
    [Theory]
    [InlineData("2015-03-27", "2015-12-26", 8)]
    [InlineData("2015-03-27", "2015-12-27", 9)]
    [InlineData("2015-01-31", "2015-02-28", 1)]
    [InlineData("2015-01-31", "2015-02-27", 0)]
    [InlineData("2016-01-31", "2016-02-29", 1)]
    [InlineData("2015-05-19", "2015-05-19", 0)]
    [InlineData("2015-12-23", "2014-12-23", -12)]
    [InlineData("2015-12-23", "2014-12-24", -11)]
    public void Should_count_whole_calendar_months_when_both_dates_are_known_to_the_day(string from, string to, int months)
    {
        var span = MonthSpan.Between(PartialDate.Parse(from), PartialDate.Parse(to));

        span.ShouldBe(new MonthSpan(months, months, months, DatePrecision.Day));
    }

    [Fact]
    public void Should_count_between_the_months_and_bound_the_true_value_when_both_dates_are_months()
    {
        // December 2014 to August 2015: any day of December to any day of August is 7 or 8 whole months.
        var span = MonthSpan.Between(PartialDate.Month(2014, 12), PartialDate.Month(2015, 8));

        span.ShouldBe(new MonthSpan(8, 7, 8, DatePrecision.Month));
    }

    [Fact]
    public void Should_be_no_more_precise_than_the_coarser_date()
    {
        // Signed May 2015, construction started 19 December 2015.
        var monthAndDay = MonthSpan.Between(PartialDate.Month(2015, 5), PartialDate.Day(2015, 12, 19));
        // Signed in 2016, completed June 2018.
        var yearAndMonth = MonthSpan.Between(PartialDate.Year(2016), PartialDate.Month(2018, 6));

        monthAndDay.ShouldBe(new MonthSpan(7, 6, 7, DatePrecision.Month));
        yearAndMonth.ShouldBe(new MonthSpan(24, 17, 29, DatePrecision.Year));
    }

    [Fact]
    public void Should_say_the_same_period_is_zero_months_with_bounds_either_side()
    {
        var sameMonth = MonthSpan.Between(PartialDate.Month(2014, 12), PartialDate.Day(2014, 12, 23));
        var sameYear = MonthSpan.Between(PartialDate.Year(2015), PartialDate.Year(2015));

        sameMonth.ShouldBe(new MonthSpan(0, 0, 0, DatePrecision.Month));
        sameYear.ShouldBe(new MonthSpan(0, -11, 11, DatePrecision.Year));
    }

    [Fact]
    public void Should_be_unknown_when_either_date_is_missing()
    {
        MonthSpan.Between(PartialDate.Month(2015, 5), null).ShouldBeNull();
        MonthSpan.Between(null, PartialDate.Month(2015, 5)).ShouldBeNull();
    }
}
