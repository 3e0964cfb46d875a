using CapacityCoop.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CapacityCoop.Web.Pages.Manage.Admin.Users;

/// <summary>Every staff account, sortable by email, name, role or creation; each links to its page of actions.</summary>
public sealed class IndexModel(StaffAccounts accounts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public IReadOnlyList<StaffAccountSummary> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Sort is null || !StaffAccounts.SortKeys.Contains(Sort.TrimStart('-')))
        {
            Sort = "email";
        }

        Accounts = await accounts.ListAsync(Sort, cancellationToken);
    }

    /// <summary>The link of a column header: sorts by it, or reverses the order when the list is already sorted by it.</summary>
    public string SortUrl(string key) => $"/Manage/Admin/Users?sort={(Sort == key ? "-" + key : key)}";

    public string AriaSort(string key) => Sort == key ? "ascending" : Sort == "-" + key ? "descending" : "none";
}
