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
        var message = $"Permission name '{name}' should be in the form app_label.codename.";
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => PermissionName.Parse(name)).Message);
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => PermissionName.ThrowIfMalformed(name)).Message);
        Assert.False(PermissionName.TryParse(name, out _));
    }

    [Fact]
    public void A_well_formed_name_passes_the_check()
    {
        PermissionName.ThrowIfMalformed("blog.change_post");
        Assert.True(PermissionName.TryParse("blog.publish.post", out var parsed));
        Assert.Equal(new PermissionName("blog", "publish.post"), parsed);
    }
}
