using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations
{
    /// <summary>
    /// Users move into Django's <c>auth_user</c> (issue 17: one login for a Django site and this app). The table is
    /// created with Django 3.2's own DDL when absent and adopted as it is when a Django project migrated first. This
    /// app's <c>users</c> rows are copied over with their ids and their BCrypt hashes, written as Django's
    /// <c>bcrypt</c> hasher stores them (<c>bcrypt$$2a$...</c>); the next login rehashes them to bcrypt_sha256. A row
    /// whose username (any case) Django already has is not copied: Django's account wins. A row whose id Django already
    /// uses gets a new id (its sessions end anyway: _auth_user_hash is computed over the stored text, which changed).
    /// </summary>
    public partial class DjangoAuthUser : Migration
    {
        private const string Columns =
            "password, last_login, is_superuser, username, last_name, email, is_staff, is_active, date_joined, first_name";

        private const string Values =
            "'bcrypt$' || u.PasswordHash, NULL, 0, u.Username, '', u.Email, u.IsStaff, u.IsActive, " +
            "strftime('%Y-%m-%d %H:%M:%f', 'now'), ''";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Django 3.2's DDL as `migrate` leaves it (first_name last: auth 0012 rebuilt the table).
            migrationBuilder.Sql(
                "CREATE TABLE IF NOT EXISTS \"auth_user\" (" +
                "\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"password\" varchar(128) NOT NULL, " +
                "\"last_login\" datetime NULL, \"is_superuser\" bool NOT NULL, \"username\" varchar(150) NOT NULL UNIQUE, " +
                "\"last_name\" varchar(150) NOT NULL, \"email\" varchar(254) NOT NULL, \"is_staff\" bool NOT NULL, " +
                "\"is_active\" bool NOT NULL, \"date_joined\" datetime NOT NULL, \"first_name\" varchar(150) NOT NULL);");
            migrationBuilder.Sql(
                $"INSERT INTO auth_user (id, {Columns}) SELECT u.Id, {Values} FROM users u " +
                "WHERE NOT EXISTS (SELECT 1 FROM auth_user a WHERE a.id = u.Id OR a.username = u.Username COLLATE NOCASE) ORDER BY u.Id;");
            migrationBuilder.Sql(
                $"INSERT INTO auth_user ({Columns}) SELECT {Values} FROM users u " +
                "WHERE NOT EXISTS (SELECT 1 FROM auth_user a WHERE a.username = u.Username COLLATE NOCASE) ORDER BY u.Id;");
            migrationBuilder.Sql("DROP TABLE users;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // auth_user stays (a Django site may own it); users comes back with what it can hold.
            migrationBuilder.Sql(
                "CREATE TABLE \"users\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK_users\" PRIMARY KEY AUTOINCREMENT, " +
                "\"Username\" TEXT COLLATE NOCASE NOT NULL, \"Email\" TEXT COLLATE NOCASE NOT NULL, \"PasswordHash\" TEXT NOT NULL, " +
                "\"IsStaff\" INTEGER NOT NULL, \"IsActive\" INTEGER NOT NULL);");
            migrationBuilder.Sql("CREATE UNIQUE INDEX \"IX_users_Email\" ON \"users\" (\"Email\");");
            migrationBuilder.Sql("CREATE UNIQUE INDEX \"IX_users_Username\" ON \"users\" (\"Username\");");
            migrationBuilder.Sql(
                "INSERT OR IGNORE INTO users (Id, Username, Email, PasswordHash, IsStaff, IsActive) " +
                "SELECT id, username, email, CASE WHEN password LIKE 'bcrypt$$%' THEN substr(password, 8) ELSE password END, " +
                "is_staff, is_active FROM auth_user;");
        }
    }
}
