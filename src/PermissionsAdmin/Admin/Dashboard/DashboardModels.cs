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

/// <summary>The dashboard: the application's entities the user may see, their recent actions, and the access requests they may decide.</summary>
internal sealed record DashboardPage(IReadOnlyList<Entities.AdminEntity> Entities, IReadOnlyList<HistoryRow> RecentActions, int AccessRequestsWaiting);
