using CapacityCoop.Web.Infrastructure.Auth;

namespace CapacityCoop.Web.Infrastructure;

public static class StaffPages
{
    /// <summary>Razor Pages, with the staff area (/Manage) closed to anyone not signed in and /Manage/Admin to non-admins.</summary>
    public static IServiceCollection AddPortalPages(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.Conventions.AuthorizeFolder("/Manage", AuthPolicies.Staff);
                options.Conventions.AuthorizeFolder("/Manage/Admin", AuthPolicies.StaffAdmin);
            })
            .AddMvcOptions(options => options.Filters.Add<ControlCharacterPageFilter>())
            .AddViewLocalization();
        return services;
    }
}
