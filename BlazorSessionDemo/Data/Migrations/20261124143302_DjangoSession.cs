using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations
{
    /// <inheritdoc />
    public partial class DjangoSession : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Django's own DDL, made idempotent: a file where Django's `migrate` already created django_session (and
            // its hashed-name index) is adopted as it is, so the two apps can start in either order.
            migrationBuilder.Sql(
                "CREATE TABLE IF NOT EXISTS \"django_session\" (" +
                "\"session_key\" varchar(40) NOT NULL CONSTRAINT \"PK_django_session\" PRIMARY KEY, " +
                "\"session_data\" text NOT NULL, " +
                "\"expire_date\" datetime NOT NULL);");
            migrationBuilder.Sql(
                "CREATE INDEX IF NOT EXISTS \"django_session_expire_date\" ON \"django_session\" (\"expire_date\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "django_session");
        }
    }
}
