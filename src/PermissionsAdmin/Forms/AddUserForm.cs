using System.ComponentModel.DataAnnotations;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Forms;

public sealed class AddUserForm
{
    [Required(ErrorMessage = "Enter a user name.")]
    [StringLength(150, ErrorMessage = "Keep the user name to {1} characters or fewer.")]
    [PlainText("user name")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter a password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the same password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two password fields didn't match.")]
    [Display(Name = "Password confirmation")]
    public string? Password2 { get; set; }
}
