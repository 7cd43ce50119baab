using System.ComponentModel.DataAnnotations;

namespace PermissionsAdmin.Web.Account;

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your user name or e-mail address.")]
    [Display(Name = "User name or e-mail")]
    public string? UserNameOrEmail { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Display(Name = "Keep me signed in on this device")]
    public bool RememberMe { get; set; }
}

/// <summary>Sign-up; the visitor picks the group they land in, from <see cref="SignUpGroups"/> only.</summary>
public sealed class RegisterForm
{
    [Required(ErrorMessage = "Choose a user name.")]
    [StringLength(150, ErrorMessage = "Keep the user name to {1} characters or fewer.")]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the password again.")]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The two passwords don't match.")]
    [Display(Name = "Password again")]
    public string? ConfirmPassword { get; set; }

    /// <summary>"Creator" or "Subscriber": a key of <see cref="SignUpGroups.ByChoice"/>.</summary>
    [Required(ErrorMessage = "Choose Creator or Subscriber.")]
    [Display(Name = "Join as")]
    public string? Group { get; set; }
}

/// <summary>What a visitor may choose at sign-up and the group each choice joins; nothing else is accepted.</summary>
public static class SignUpGroups
{
    public static IReadOnlyDictionary<string, (string GroupName, string Description)> ByChoice { get; } =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["Creator"] = ("Creators", "Write posts, edit and delete your own; upload photos."),
            ["Subscriber"] = ("Subscribers", "Read posts and look at photos."),
        };
}
