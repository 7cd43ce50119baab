using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PermissionsAdmin.Admin.Entities;

namespace PermissionsAdmin.Tests.Admin;

/// <summary>Which fields of an entity the admin keeps secret: those the registration names, and those marked as passwords or protected personal data.</summary>
public sealed class SecretFieldTests
{
    [Fact]
    public void Password_and_protected_personal_data_attributes_make_a_field_secret()
    {
        using var db = new AccountContext(new DbContextOptionsBuilder<AccountContext>().UseSqlite("Data Source=:memory:").Options);
        var account = db.Model.FindEntityType(typeof(Account))!;
        bool IsSecret(string property, bool registered = false) =>
            new AdminField(account.FindProperty(property)!, readOnly: false, permission: null, fileStore: null, secret: registered).IsSecret;

        Assert.True(IsSecret(nameof(Account.Pin)));
        Assert.True(IsSecret(nameof(Account.Passphrase)));
        Assert.True(IsSecret(nameof(Account.Phone)));
        Assert.False(IsSecret(nameof(Account.Hint)));
        Assert.False(IsSecret(nameof(Account.Name)));
        Assert.True(IsSecret(nameof(Account.Name), registered: true));
    }

    private sealed class Account
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";

        [DataType(DataType.Password)]
        public string Pin { get; set; } = "";

        [PasswordPropertyText(true)]
        public string Passphrase { get; set; } = "";

        [PasswordPropertyText(false)]
        public string Hint { get; set; } = "";

        [ProtectedPersonalData]
        public string Phone { get; set; } = "";
    }

    private sealed class AccountContext(DbContextOptions<AccountContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder builder) => builder.Entity<Account>();
    }
}
