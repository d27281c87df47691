/// The panes of the screen, in Tab order.
public enum Pane: String, CaseIterable, Hashable, Sendable {
    case tokens
    case state
    case rules
    case update
    case erasure
    case gates
    case nextTokens

    public var title: String {
        switch self {
        case .tokens: "tokens"
        case .state: "memory S"
        case .rules: "rules"
        case .erasure: "erasure"
        case .update: "update"
        case .gates: "gates"
        case .nextTokens: "next"
        }
    }
}
