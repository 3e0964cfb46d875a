using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CapacityCoop.Web.Features.Api;

/// <summary>Writes one worksheet with OpenXmlWriter (SAX-style: one row in memory at a time). Numbers stay numbers.</summary>
internal static class XlsxWriter
{
    public static async Task WriteAsync<T>(
        string path, string sheetName, IReadOnlyList<string> header, IAsyncEnumerable<T> rows, Func<T, IEnumerable<object?>> fields, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var sheetPart = workbookPart.AddNewPart<WorksheetPart>();

        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, header);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                WriteRow(writer, fields(row));
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        workbookPart.Workbook = new Workbook(new Sheets(new Sheet
        {
            Id = workbookPart.GetIdOfPart(sheetPart),
            SheetId = 1,
            Name = sheetName.Length > 31 ? sheetName[..31] : sheetName,
        }));
        workbookPart.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, IEnumerable<object?> values)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            writer.WriteElement(value switch
            {
                null => new Cell(),
                decimal or int or long or double => new Cell
                {
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                },
                bool b => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Clean(value.ToString() ?? ""))) },
            });
        }

        writer.WriteEndElement();
    }

    // XML 1.0 cannot hold most control characters; a stray one in a summary must not break the workbook.
    private static string Clean(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray()) : text;
}
