using CapacityCoop.Web.Data.Seed;

namespace CapacityCoop.Tests.Data;

public sealed class CsvRowsTests
{
    [Fact]
    public void Should_read_quoted_fields_with_commas_quotes_and_newlines()
    {
        var rows = CsvRows.Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3");

        rows.Count.ShouldBe(3);
        rows[1].ShouldBe(["x, y", "say \"hi\"", "two\nlines"]);
        rows[2].ShouldBe(["1", "", "3"]);
    }

    [Fact]
    public void Seed_files_parse_into_rows_with_every_column()
    {
        var countries = CsvRows.Read(Path.Combine(SeedLoader.DefaultFolder, "countries.csv"));

        countries.Count.ShouldBe(249);
        countries.ShouldAllBe(r => r["iso3"].Length == 3 && r["iso2"].Length == 2 && r["numeric"].Length == 3);
    }
}
