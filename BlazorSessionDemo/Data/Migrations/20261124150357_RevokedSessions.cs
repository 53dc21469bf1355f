using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorSessionDemo.Data.Migrations
{
    /// <inheritdoc />
    public partial class RevokedSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "revoked_sessions",
                columns: table => new
                {
                    session_id = table.Column<string>(type: "varchar(40)", maxLength: 40, nullable: false),
                    expire_date = table.Column<string>(type: "datetime", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revoked_sessions", x => x.session_id);
                });

            migrationBuilder.CreateIndex(
                name: "revoked_sessions_expire_date",
                table: "revoked_sessions",
                column: "expire_date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "revoked_sessions");
        }
    }
}
