using System.ComponentModel.DataAnnotations;

namespace PermissionsAdmin.Admin.Dashboard;

public sealed class AdminLoginForm
{
    [Required(ErrorMessage = "Enter your user name or e-mail address.")]
    [Display(Name = "User name or e-mail")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }
}

public sealed record DashboardPage(IReadOnlyList<HistoryRow> RecentActions);
