namespace CapacityCoop.Web.Features.Staff;

public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>
    /// Four-eyes publication: when true, nobody may publish (or reject) a draft they created or edited themselves; a
    /// second Editor has to.
    /// </summary>
    public bool RequireSecondEditor { get; set; }
}
