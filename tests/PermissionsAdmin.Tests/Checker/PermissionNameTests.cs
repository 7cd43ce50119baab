using PermissionsAdmin.Permissions;

namespace PermissionsAdmin.Tests.Checker;

public class PermissionNameTests
{
    [Fact]
    public void Splits_at_the_first_dot()
    {
        Assert.Equal(new PermissionName("blog", "change_post"), PermissionName.Parse("blog.change_post"));
    }

    [Theory]
    [InlineData("change_post")]
    [InlineData(".change_post")]
    [InlineData("blog.")]
    [InlineData("")]
    public void A_name_without_app_and_codename_is_rejected_with_a_message(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => PermissionName.Parse(name));
        Assert.StartsWith($"Permission name '{name}' should be in the form app_label.codename.", error.Message);
    }
}
