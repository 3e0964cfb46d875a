namespace CapacityCoop.Web.Domain;

/// <summary>One data-protection key (its XML), kept in the database so every web node shares the keys.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = "";
}
