namespace CapacityCoop.Web.Features.Api;

/// <summary>
/// Every slot for cold computations stayed busy for the whole wait (<see cref="ResultCacheOptions.ComputationWait"/>):
/// the request is refused with 503 and Retry-After rather than queued until the database drowns (ADR-010).
/// </summary>
public sealed class ReadCapacityExceededException(TimeSpan retryAfter)
    : Exception($"Every read slot stayed busy for {retryAfter.TotalSeconds:0.#} s.")
{
    public TimeSpan RetryAfter => retryAfter;
}
