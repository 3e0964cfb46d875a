namespace CapacityCoop.Web;

/// <summary>Marker for the shared interface texts in Resources/SharedResource.*.resx.</summary>
public sealed class SharedResource;
