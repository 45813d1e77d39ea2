extension TextCorpus {
    /// Splits documents into a training part and a held-out part by a seeded shuffle. Both parts
    /// keep the documents' original order. With two or more documents and a fraction above zero,
    /// each part gets at least one document.
    public static func split(_ documents: [String], heldOut fraction: Double,
                             seed: UInt64) throws -> (train: [String], heldOut: [String]) {
        guard fraction >= 0, fraction <= 1 else {
            throw DataError.invalidArgument(name: "held-out fraction", value: String(fraction))
        }
        var order = Array(documents.indices)
        var rng = SeededRandom(seed: seed)
        rng.shuffle(&order)
        var heldOutCount = Int((fraction * Double(documents.count)).rounded())
        if documents.count >= 2 && fraction > 0 && fraction < 1 {
            heldOutCount = min(max(heldOutCount, 1), documents.count - 1)
        }
        let heldOutIndices = Set(order.prefix(heldOutCount))
        var train: [String] = [], held: [String] = []
        for (index, document) in documents.enumerated() {
            if heldOutIndices.contains(index) { held.append(document) } else { train.append(document) }
        }
        return (train, held)
    }
}
