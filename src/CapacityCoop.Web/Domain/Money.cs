namespace CapacityCoop.Web.Domain;

/// <summary>An exact amount in its original currency (ISO 4217), with the US-dollar figure kept beside it.</summary>
public sealed record Money(decimal Amount, string Currency, decimal? Usd)
{
    public static Money? From(decimal? amount, string? currency, decimal? usd) =>
        amount is { } a && currency is { } c ? new Money(a, c, usd) : null;
}
