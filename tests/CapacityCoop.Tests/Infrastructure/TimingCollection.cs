namespace CapacityCoop.Tests.Infrastructure;

/// <summary>
/// Tests that assert how long something takes (the cache's staleness bound) run alone, after the others: on two
/// shared cores the parallel classes would stretch a 20 ms request to half a second and fail them for nothing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
