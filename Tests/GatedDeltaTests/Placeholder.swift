import Testing

@Test func placeholder_GatedDeltaTests() { #expect(true) }
