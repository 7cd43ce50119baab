using System.ComponentModel.DataAnnotations;

namespace PermissionsAdmin.SignIn;

/// <summary>A signed-in user's change of their own password, on the site and in the admin.</summary>
public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Enter a new password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Enter the new password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords don't match.")]
    [Display(Name = "New password again")]
    public string? ConfirmNewPassword { get; set; }
}
