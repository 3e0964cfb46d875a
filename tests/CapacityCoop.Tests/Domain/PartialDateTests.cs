using CapacityCoop.Web.Domain;

namespace CapacityCoop.Tests.Domain;

public sealed class PartialDateTests
{
    [Theory]
    [InlineData("2014", 2014, 1, 1, DatePrecision.Year)]
    [InlineData("2014-12", 2014, 12, 1, DatePrecision.Month)]
    [InlineData("2014-12-23", 2014, 12, 23, DatePrecision.Day)]
    [InlineData(" 2016-02-29 ", 2016, 2, 29, DatePrecision.Day)]
    public void Should_parse_each_precision(string text, int year, int month, int day, DatePrecision precision)
    {
        PartialDate.TryParse(text, out var value).ShouldBeTrue();

        value.ShouldBe(new PartialDate(new DateOnly(year, month, day), precision));
        value.ToString().ShouldBe(text.Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("2015-13")]
    [InlineData("2015-00")]
    [InlineData("2015-02-29")]
    [InlineData("2015-5")]
    [InlineData("2015/05/01")]
    [InlineData("1850")]
    [InlineData("May 2015")]
    public void Should_refuse_what_is_not_a_partial_date(string text)
    {
        PartialDate.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => PartialDate.Parse(text));
    }

    [Fact]
    public void End_is_the_last_day_of_the_period()
    {
        PartialDate.Year(2015).End.ShouldBe(new DateOnly(2015, 12, 31));
        PartialDate.Month(2016, 2).End.ShouldBe(new DateOnly(2016, 2, 29));
        PartialDate.Day(2015, 12, 2).End.ShouldBe(new DateOnly(2015, 12, 2));
    }
}
