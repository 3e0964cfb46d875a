using CapacityCoop.Web.Domain;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CapacityCoop.Web.Data;

/// <summary>Stores <see cref="DatePrecision"/> as 'year', 'month' or 'day'.</summary>
internal sealed class DatePrecisionConverter() : ValueConverter<DatePrecision, string>(
    precision => precision.ToString().ToLowerInvariant(),
    text => Enum.Parse<DatePrecision>(text, true));
