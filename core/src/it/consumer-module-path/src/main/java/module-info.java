/** A user's module that reads Postfix logs with maillog. */
module maillog.consumer {
    requires io.github.maillog;
}
