using System.Globalization;
using PermissionsAdmin.Audit;
using PermissionsAdmin.Model;

namespace PermissionsAdmin.Tests.Audit;

/// <summary>History lines in the reader's language: French where the admin asks for it, English everywhere else.</summary>
public sealed class AuditTextTests
{
    private const string Changes = """
        {"fields":{"IsStaff":{"from":"false","to":"true"},"FirstName":{"from":null,"to":"Ann"}},
         "groupsAdded":["Editors"],"grantsAdded":["user ann: blog.change_post","group Editors: blog.view_post"],
         "grantsRemoved":["anyone: blog.view_post"],"tokensCreated":["ci"]}
        """;

    [Fact]
    public void In_French_the_lines_are_French_and_the_recorded_names_stay_as_they_are()
    {
        Assert.Equal(
            [
                "Suppression.",
                "Modification du champ « statut équipe » : de faux à vrai",
                "Définition du champ « prénom » : « Ann »",
                "Ajouté aux groupes : Editors",
                "blog.change_post accordée à l’utilisateur ann",
                "blog.view_post accordée au groupe Editors",
                "blog.view_post retirée à tout le monde",
                "Création du jeton « ci »",
            ],
            InCulture("fr", () => AuditText.Describe(Entry(AuditAction.Deleted))));
    }

    [Fact]
    public void In_English_the_lines_read_as_they_always_have()
    {
        Assert.Equal(
            [
                "Deleted.",
                "Changed staff status from false to true",
                "Set first name to “Ann”",
                "Added to groups: Editors",
                "Granted user ann: blog.change_post",
                "Granted group Editors: blog.view_post",
                "Revoked anyone: blog.view_post",
                "Created token “ci”",
            ],
            InCulture("en", () => AuditText.Describe(Entry(AuditAction.Deleted))));
    }

    private static AuditEntry Entry(AuditAction action) =>
        new() { ActorName = "root", Channel = "admin", ObjectType = "auth.user", ObjectId = "1", ObjectRepr = "ann", Action = action, Changes = Changes };

    private static T InCulture<T>(string name, Func<T> body)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return body();
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
