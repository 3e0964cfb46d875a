using System.Text;
using CapacityCoop.Web.Features.Import;

namespace CapacityCoop.Tests.Features.Import;

/// <summary>Reading uploaded CSV: RFC 4180 quoting, line ends, byte-order mark, row numbers, and files that are not CSV.</summary>
public sealed class CsvFileTests
{
    [Fact]
    public void Should_read_quoted_fields_with_commas_quotes_and_line_breaks_as_one_row_each()
    {
        var csv = CsvFile.Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,\n");

        csv.IsReadable.ShouldBeTrue();
        csv.Records.Select(r => r.Row).ShouldBe([1, 2, 3]);
        csv.Records[1].Fields.ShouldBe(["x, y", "say \"hi\"", "two\nlines"]);
        csv.Records[2].Fields.ShouldBe(["plain", "", ""]);
    }

    [Fact]
    public void Should_strip_a_byte_order_mark_and_number_blank_lines_like_a_spreadsheet()
    {
        var csv = CsvFile.Read([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("名称,b\n\n中文,2\n\n\n")]);

        csv.Records[0].Fields.ShouldBe(["名称", "b"]);
        csv.Records.Where(r => !CsvFile.IsBlank(r)).Select(r => r.Row).ShouldBe([1, 3]);
    }

    [Fact]
    public void Should_refuse_an_unclosed_quote_text_after_a_closing_quote_and_bytes_that_are_not_utf8()
    {
        CsvFile.Parse("a,b\n1,\"open\n2,3\n").Problem!.ShouldContain("starts in row 2 is never closed");
        CsvFile.Parse("a,b\n\"x\"y,2\n").Problem!.ShouldContain("Row 2: text follows a closing quote");
        CsvFile.Read([0x61, 0x2C, 0xFF, 0xFE, 0x0A]).Problem!.ShouldContain("not UTF-8 text");
        CsvFile.Read(Encoding.UTF8.GetBytes("a,b\n\0\0,1\n")).Problem!.ShouldContain("binary data");
    }

    [Fact]
    public void Should_escape_what_it_writes_so_it_reads_back()
    {
        var values = new[] { "plain", "with, comma", "with \"quotes\"", "two\r\nlines", "" };

        var csv = CsvFile.Parse(string.Join(',', values.Select(CsvFile.Escape)) + "\r\n");

        csv.Records.Single().Fields.ShouldBe(values);
    }

    [Theory]
    [InlineData("title", "title")]
    [InlineData("titleZh", "title_zh")]
    [InlineData("parties[1].country", "parties")]
    [InlineData("parties", "parties")]
    [InlineData("value.currency", "value_currency")]
    [InlineData("sectors[2]", "sectors")]
    [InlineData("sources", "source_title")]
    [InlineData("sources[0]", "source_id")]
    [InlineData("sources[0].sourceId", "source_id")]
    [InlineData("sources[1].publishedOn", "source_published_on")]
    [InlineData("parentAgreementId", "parent_agreement_id")]
    [InlineData("capacity.unit", "capacity_unit")]
    [InlineData("companies[0].role", "companies")]
    [InlineData("agreementIds[3]", "agreement_ids")]
    public void Should_report_an_editor_error_against_the_column_that_holds_the_field(string errorKey, string column) =>
        ImportFormat.ColumnFor(errorKey).ShouldBe(column);
}
