using System.ComponentModel.DataAnnotations;

namespace PermissionsAdmin.Forms;

public sealed class SetPasswordForm
{
    [Required(ErrorMessage = "Enter a password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the same password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two password fields didn't match.")]
    [Display(Name = "New password confirmation")]
    public string? Password2 { get; set; }
}
