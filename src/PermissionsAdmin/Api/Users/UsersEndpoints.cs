using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PermissionsAdmin.Authorization;
using PermissionsAdmin.Data;
using PermissionsAdmin.Model;
using PermissionsAdmin.Queries;
using PermissionsAdmin.Search;
using PermissionsAdmin.Users;

namespace PermissionsAdmin.Api.Users;

/// <summary>
/// /api/v1/users: what the admin's users pages offer (list with search and filters, add, edit, activate, deactivate,
/// delete, password, unlock), each a translation of HTTP into one <see cref="UserAdministration"/> call, which applies
/// the delegation rules, the transaction and the audit entry.
/// </summary>
internal static class UsersEndpoints
{
    public static void MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");

        users.MapGet("", ListAsync)
            .WithName("ListUsers").RequireAnyPermission(AuthPermissions.ViewUser, AuthPermissions.ChangeUser).ProducesValidationProblem()
            .WithSummary("Users in id order, searched and filtered as in the admin's list, a page at a time.");
        users.MapGet("/{id:int}", GetAsync)
            .WithName("GetUser").RequireAnyPermission(AuthPermissions.ViewUser, AuthPermissions.ChangeUser).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One user, with its ETag.");
        users.MapPost("", CreateAsync)
            .WithName("CreateUser").RequirePermission(AuthPermissions.AddUser, AuthPermissions.ChangeUser).ProducesValidationProblem()
            .WithSummary("Adds an active user; only a superuser may add a superuser.");
        users.MapPatch("/{id:int}", UpdateAsync)
            .WithName("UpdateUser").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Changes the fields given; the others stay as they are.");
        users.MapPost("/{id:int}/activate", (int id, UserAdministration admin, HttpContext http) =>
                SaveAsync(admin, http, id, new UserEdit { IsActive = true }))
            .WithName("ActivateUser").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Lets the user sign in and hold permissions again.");
        users.MapPost("/{id:int}/deactivate", (int id, UserAdministration admin, HttpContext http) =>
                SaveAsync(admin, http, id, new UserEdit { IsActive = false }))
            .WithName("DeactivateUser").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Ends the user's sign-ins and permissions without deleting the account (the last active superuser stays).");
        users.MapDelete("/{id:int}", DeleteAsync)
            .WithName("DeleteUser").RequirePermission(AuthPermissions.DeleteUser).ProducesWriteProblems()
            .WithSummary("Deletes the user with their grants and memberships; the audit log keeps their history.");
        users.MapPut("/{id:int}/password", SetPasswordAsync)
            .WithName("SetUserPassword").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Sets a new password (the site's password rules apply) and ends the user's other sign-ins.");
        users.MapPost("/{id:int}/unlock", async (int id, UserAdministration admin, HttpContext http) =>
            {
                await admin.UnlockAsync(id, ETags.ExpectedStamp(http.Request));
                return await CurrentAsync(admin, http, id);
            })
            .WithName("UnlockUser").RequirePermission(AuthPermissions.ChangeUser).ProducesWriteProblems()
            .WithSummary("Lifts a lockout after repeated failed sign-ins.");

        users.MapUserGroupsApi();
        users.MapUserPermissionsApi();
    }

    /// <summary>A write about one user: bad input (400), unknown id (404), stale <c>If-Match</c> (412).</summary>
    public static RouteHandlerBuilder ProducesWriteProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    /// <summary>Applies <paramref name="edit"/> (honouring <c>If-Match</c>) and answers the user as it now is.</summary>
    public static async Task<Ok<UserResponse>> SaveAsync(UserAdministration users, HttpContext http, int id, UserEdit edit)
    {
        await users.UpdateAsync(id, ETags.ExpectedStamp(http.Request), edit);
        return await CurrentAsync(users, http, id);
    }

    private static async Task<Ok<Page<UserResponse>>> ListAsync(
        PermissionsDbContext db,
        SubstringSearch search,
        [Description("Words that must each be somewhere in the user name, e-mail, first or last name (ignoring case).")] string? q,
        bool? staff,
        bool? superuser,
        bool? active,
        [Description("Only members of the group with this id.")] int? group,
        [Description("The nextCursor of the previous page; leave out for the first.")] string? cursor,
        [Description("Users per page, 1 to 200 (default 50).")] int? limit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var query = new UserListQuery { Q = q, Staff = staff, Superuser = superuser, Active = active, Group = group };
        return TypedResults.Ok(await UserQueries.PageAsync(db, search, query, ApiInput.AfterId(cursor), Cursor.Limit(limit), clock.GetUtcNow(), cancellationToken));
    }

    private static Task<Ok<UserResponse>> GetAsync(int id, UserAdministration users, HttpContext http) => CurrentAsync(users, http, id);

    private static async Task<Created<UserResponse>> CreateAsync(
        CreateUserRequest body, UserAdministration users, HttpContext http, LinkGenerator links)
    {
        // Trimmed as the admin's forms trim them.
        var (userName, email, firstName, lastName) = (body.UserName?.Trim() ?? "", body.Email?.Trim(), body.FirstName?.Trim(), body.LastName?.Trim());
        UserFormRules.Check(userName, email, firstName, lastName);
        var user = await users.CreateAsync(userName, email, body.Password, body.IsStaff, body.IsSuperuser, firstName, lastName);
        return TypedResults.Created(links.GetPathByName(http, "GetUser", new { id = user.Id }), http.Tagged(user.ConcurrencyStamp, ResponseOf(user, http)));
    }

    private static async Task<Ok<UserResponse>> UpdateAsync(int id, UpdateUserRequest body, UserAdministration users, HttpContext http)
    {
        await users.GetAsync(id);
        var edit = new UserEdit
        {
            UserName = body.UserName?.Trim(),
            Email = body.Email?.Trim(),
            FirstName = body.FirstName?.Trim(),
            LastName = body.LastName?.Trim(),
            IsActive = body.IsActive,
            IsStaff = body.IsStaff,
            IsSuperuser = body.IsSuperuser,
        };
        UserFormRules.Check(edit.UserName, edit.Email, edit.FirstName, edit.LastName);
        return await SaveAsync(users, http, id, edit);
    }

    private static async Task<NoContent> DeleteAsync(int id, UserAdministration users, HttpContext http)
    {
        await users.DeleteAsync(id, ETags.ExpectedStamp(http.Request));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserResponse>> SetPasswordAsync(int id, SetPasswordRequest body, UserAdministration users, HttpContext http)
    {
        await users.GetAsync(id);
        await users.SetPasswordAsync(id, UserFormRules.RequirePassword(body.Password), ETags.ExpectedStamp(http.Request));
        return await CurrentAsync(users, http, id);
    }

    private static async Task<Ok<UserResponse>> CurrentAsync(UserAdministration users, HttpContext http, int id)
    {
        var user = await users.GetAsync(id);
        return TypedResults.Ok(http.Tagged(user.ConcurrencyStamp, ResponseOf(user, http)));
    }

    private static UserResponse ResponseOf(PermissionsUser user, HttpContext http) =>
        UserResponse.From(user, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
}
